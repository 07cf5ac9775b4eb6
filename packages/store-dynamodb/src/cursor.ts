import { EntityId, InvalidInputError } from '#core';

/**
 * A list cursor names the list it belongs to and the id of the last item served; the store
 * rebuilds DynamoDB's start key from them, so no client-made key ever reaches DynamoDB.
 */
export function encodeCursor(list: string, after: string): string {
  return Buffer.from(JSON.stringify({ list, after })).toString('base64url');
}

/** The id to continue after, or undefined on a first page; a forged or foreign cursor is a 400. */
export function decodeCursor(cursor: string | undefined, list: string): string | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const { list: from, after } = (position ?? {}) as Record<string, unknown>;
  if (
    from !== list ||
    !EntityId.safeParse(after).success ||
    Object.keys(position as object).length !== 2
  ) {
    throw new InvalidInputError([
      { in: 'query', pointer: '/cursor', message: 'is not a cursor this list returned' },
    ]);
  }
  return after as string;
}
