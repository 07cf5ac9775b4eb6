import { describe, expect, it } from 'vitest';
import { InvalidInputError, pageAfter } from '#core';
import { decodeCursor, encodeCursor } from '../../packages/store-dynamodb/src/cursor.ts';

describe('store list cursors', () => {
  it('round-trip the id to continue after', () => {
    expect(decodeCursor(encodeCursor('KIND#STATE', 'FRA'), 'KIND#STATE')).toBe('FRA');
  });

  it('are absent on the first page', () => {
    expect(decodeCursor(undefined, 'ENTITY')).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON that is not an object', Buffer.from('[1]').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['an empty id', encodeCursor('ENTITY', '')],
    ['an id no entity can have', encodeCursor('ENTITY', 'ENTITY#FRA')],
    [
      'an extra field',
      Buffer.from('{"list":"ENTITY","after":"FRA","pk":""}').toString('base64url'),
    ],
    ['a number for the id', Buffer.from('{"list":"ENTITY","after":3}').toString('base64url')],
    ['the cursor of another list', encodeCursor('KIND#RCP', 'BUDAPEST')],
  ])('refuse %s as a 400 on the cursor parameter', (_, cursor) => {
    expect(() => decodeCursor(cursor, 'ENTITY')).toThrow(InvalidInputError);
  });
});

describe('in-memory pages', () => {
  const ids = ['nyd-2016', 'gcm-2018', 'x-2030'];
  const same = (id: string) => id;

  it('walk the list in its own order', () => {
    const first = pageAfter(ids, same, { limit: 2 });
    expect(first).toEqual({ items: ['nyd-2016', 'gcm-2018'], nextCursor: 'gcm-2018' });
    expect(pageAfter(ids, same, { limit: 2, cursor: first.nextCursor ?? undefined })).toEqual({
      items: ['x-2030'],
      nextCursor: null,
    });
  });

  it('refuse a cursor the list never returned', () => {
    expect(() => pageAfter(ids, same, { limit: 2, cursor: 'nope' })).toThrow(InvalidInputError);
  });
});
