import { InvalidInputError } from './errors.ts';
import type { Page, PageRequest } from './ports.ts';

/**
 * One page of a short list held in memory (frameworks, a state's memberships), in the list's
 * own order. The cursor is the id of the last item served.
 */
export function pageAfter<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  page: PageRequest,
): Page<T> {
  let start = 0;
  if (page.cursor !== undefined) {
    const index = items.findIndex((item) => idOf(item) === page.cursor);
    if (index < 0) {
      throw new InvalidInputError([
        { in: 'query', pointer: '/cursor', message: 'is not a cursor this list returned' },
      ]);
    }
    start = index + 1;
  }
  const slice = items.slice(start, start + page.limit);
  const last = slice.at(-1);
  return {
    items: slice,
    nextCursor: start + slice.length < items.length && last ? idOf(last) : null,
  };
}
