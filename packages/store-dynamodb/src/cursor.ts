import { InvalidInputError } from '#core';

const invalid = () =>
  new InvalidInputError([
    { in: 'query', pointer: '/cursor', message: 'is not a cursor this list returned' },
  ]);

/** Encodes a position in a list as an opaque, URL-safe cursor. */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Decodes a cursor, accepting it only when it has exactly the expected string fields and the
 * fixed values given (the list it came from), so a forged or foreign cursor is a 400, never a 500.
 */
export function decodeCursor(
  cursor: string | undefined,
  fields: readonly string[],
  fixed: Record<string, string> = {},
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof position !== 'object' || position === null || Array.isArray(position)) throw invalid();
  const entries = Object.entries(position);
  const wellFormed =
    entries.length === fields.length &&
    entries.every(
      ([field, value]) =>
        fields.includes(field) && typeof value === 'string' && value.length <= 200,
    ) &&
    Object.entries(fixed).every(
      ([field, value]) => (position as Record<string, unknown>)[field] === value,
    );
  if (!wellFormed) throw invalid();
  return position as Record<string, string>;
}
