import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessControl, readOnlyAccess } from '#api';
import { budapest, ngo } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/** Nobody carries credentials: every request but the public ones is unauthenticated. */
const nobody: AccessControl = {
  authenticate: async () => null,
  authorize: async () => {},
};

describe('with no verified caller', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable({ access: () => nobody });
  });
  afterAll(() => table.drop());

  it('answers 401 before anything else, invalid input included', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/entities/FRA', undefined],
      ['GET', '/v1/frameworks', undefined],
      ['POST', '/v1/entities', { id: 'bad id' }],
      ['PUT', '/v1/entities/nope/members', { members: 'x' }],
    ] as const) {
      const res = await call(table, method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('still serves the public routes', async () => {
    for (const path of ['/health', '/openapi.json', '/reference']) {
      expect((await call(table, 'GET', path)).status, path).toBe(200);
    }
  });
});

describe('with read-only access (the deployed API until identity arrives)', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable({ access: () => readOnlyAccess });
    await table.entities.create(budapest, { seeded: true });
  });
  afterAll(() => table.drop());

  it('reads', async () => {
    expect((await call(table, 'GET', '/v1/entities/BUDAPEST')).status).toBe(200);
    expect((await call(table, 'GET', '/v1/entities?kind=RCP')).status).toBe(200);
  });

  it('answers 400 for invalid input before 403, the domain rules included', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/v1/entities', { id: 'bad id' }],
      ['POST', '/v1/entities', ngo('DEU')],
      ['POST', '/v1/entities', { ...budapest, id: 'OTHER', regions: [] }],
      ['PUT', '/v1/entities/BUDAPEST', { ...budapest, regions: [] }],
      ['PUT', '/v1/entities/BUDAPEST/members', { members: ['ATLANTIS'] }],
    ];
    for (const [method, path, body] of cases) {
      const res = await call(table, method, path, { body, ifMatch: '"1"' });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
    }
  });

  it('answers 403 for a valid write, before looking the resource up (404)', async () => {
    expect((await call(table, 'POST', '/v1/entities', { body: ngo('NGO-W') })).status).toBe(403);
    expect(
      (await call(table, 'PUT', '/v1/entities/NOPE/members', { body: { members: ['FRA'] } }))
        .status,
    ).toBe(403);
    expect((await call(table, 'DELETE', '/v1/entities/NOPE')).status).toBe(403);
    expect((await call(table, 'GET', '/v1/entities/NGO-W')).status).toBe(404);
  });
});
