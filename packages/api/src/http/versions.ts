import type { Context } from 'hono';
import { InvalidInputError } from '#core';

/** The version an `If-Match` header names (`"3"` or `3`), or undefined without one. */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('If-Match');
  if (header === undefined) return undefined;
  const match = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/.exec(header);
  const version = match?.[1] ?? match?.[2];
  if (version === undefined) {
    throw new InvalidInputError([
      {
        in: 'header',
        pointer: '/If-Match',
        message: 'must be a version as returned in the ETag, such as "3"',
      },
    ]);
  }
  return Number(version);
}

/** Sets the ETag of a versioned resource. */
export function setVersion(c: Context, version: number): void {
  c.header('ETag', `"${version}"`);
}
