import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

let table: Awaited<ReturnType<typeof createTokenTable>>;
let french: string;

beforeAll(async () => {
  table = await createTokenTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), state('DEU', 'EUROPE')])
    await table.entities.create(entity, { seeded: true });
  french = await table.token('fr', { role: 'FOCAL_POINT', entityId: 'FRA' });
});
afterAll(() => table.drop());

const ofFrance = async () =>
  (await call(table, 'GET', '/v1/commitments?owner=FRA&limit=500', { token: french })).body.items
    .length;
const create = (key: string, title = 'Data', token = french) =>
  table.app.request('/v1/commitments', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({ owner: 'FRA', title: { en: title } }),
  });

describe('Idempotency-Key', () => {
  it('answers a replay with the first response, byte for byte, and writes nothing', async () => {
    const before = await ofFrance();
    const first = await create('key-1');
    const firstBody = await first.text();
    expect(first.status).toBe(201);
    const replay = await create('key-1');
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(firstBody);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await ofFrance()).toBe(before + 1);
  });

  it('refuses the same key with another body (422), and scopes keys to the caller', async () => {
    await create('key-2');
    const other = await create('key-2', 'Something else');
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ status: 422, title: 'Unprocessable Content' });
    const admin = await table.token('root', { role: 'ADMIN' });
    expect((await create('key-2', 'Something else', admin)).status).toBe(201);
  });

  it('lets a duplicate racing the first change nothing twice', async () => {
    const before = await ofFrance();
    const [a, b] = await Promise.all([create('key-3'), create('key-3')]);
    expect([a.status, b.status].sort()).toEqual(expect.arrayContaining([201]));
    for (const res of [a, b]) expect([201, 409]).toContain(res.status);
    expect(await ofFrance()).toBe(before + 1);
  });

  it('keeps nothing for a request that failed, so a corrected retry goes through', async () => {
    const bad = await table.app.request('/v1/commitments', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${french}`,
        'content-type': 'application/json',
        'idempotency-key': 'key-4',
      },
      body: JSON.stringify({ owner: 'FRA', title: { en: 'x' }, sdgTargets: ['99.9'] }),
    });
    expect(bad.status).toBe(400);
    expect((await create('key-4')).status).toBe(201);
  });

  it('replays an overwrite too, even after its version moved on', async () => {
    const created = (await (await create('key-5')).json()) as { id: string };
    const patch = () =>
      table.app.request(`/v1/commitments/${created.id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${french}`,
          'content-type': 'application/json',
          'if-match': '"1"',
          'idempotency-key': 'key-6',
        },
        body: JSON.stringify({ title: { en: 'Renamed' } }),
      });
    const first = await patch();
    expect(first.status).toBe(200);
    const again = await patch();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: 2 });
  });
});
