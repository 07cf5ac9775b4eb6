import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#core';
import { decodeCursor, encodeCursor } from '../../packages/store-dynamodb/src/cursor.ts';

describe('list cursors', () => {
  it('round-trip a position', () => {
    const position = { pk: 'ENTITY#FRA', sk: 'ENTITY', gsi2pk: 'ENTITY', gsi2sk: 'FRA' };
    expect(
      decodeCursor(encodeCursor(position), Object.keys(position), { gsi2pk: 'ENTITY' }),
    ).toEqual(position);
  });

  it('are absent on the first page', () => {
    expect(decodeCursor(undefined, ['after'])).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['an array', encodeCursor([] as never)],
    ['missing a field', encodeCursor({ pk: 'x' })],
    ['an extra field', encodeCursor({ after: 'FRA', extra: 'x' })],
    ['a number where a string goes', Buffer.from('{"after":3}').toString('base64url')],
  ])('refuse %s as a 400 on the cursor parameter', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['after'])).toThrow(InvalidInputError);
  });

  it('refuse the cursor of another list', () => {
    const other = encodeCursor({ memberOf: 'RABAT', after: 'FRA' });
    expect(() => decodeCursor(other, ['memberOf', 'after'], { memberOf: 'BUDAPEST' })).toThrow(
      InvalidInputError,
    );
  });
});
