import type { Entity } from './entity.ts';
import { InvalidInputError } from './errors.ts';
import type { EntityRepository, Page, PageRequest } from './ports.ts';

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

/** Every entity, page by page: a few hundred today (reference data and partners). */
export async function everyEntity(entities: EntityRepository): Promise<Entity[]> {
  const all: Entity[] = [];
  let cursor: string | undefined;
  do {
    const page = await entities.list({}, { limit: 500, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
