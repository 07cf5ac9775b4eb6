import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '#core';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

let table: TestTable;
let firstLoad: Awaited<ReturnType<typeof loadReferenceData>>;

beforeAll(async () => {
  table = await createTestTable();
  firstLoad = await loadReferenceData(table.entities, table.frameworks);
});

afterAll(() => table.drop());

describe('reference data', () => {
  it('loads the 239 shipped entities and both frameworks', () => {
    expect(firstLoad).toEqual({
      entitiesCreated: 239,
      entitiesKept: 0,
      frameworksWritten: 2,
      frameworksKept: 0,
    });
  });

  it('reloads without writing, and keeps what secretariats changed since', async () => {
    const edited = await call(table, 'PUT', '/v1/entities/BUDAPEST', {
      ifMatch: '"1"',
      body: {
        kind: 'RCP',
        names: { en: 'Budapest Process', fr: 'Processus de Budapest', de: 'Budapester Prozess' },
        regions: ['EUROPE'],
      },
    });
    expect(edited.status).toBe(200);
    expect(await loadReferenceData(table.entities, table.frameworks)).toEqual({
      entitiesCreated: 0,
      entitiesKept: 239,
      frameworksWritten: 0,
      frameworksKept: 2,
    });
    const after = await call(table, 'GET', '/v1/entities/BUDAPEST');
    expect(after.body).toMatchObject({
      version: 2,
      names: { de: 'Budapester Prozess' },
      seeded: true,
    });
  });

  it('lists the 193 states with French names in one page', async () => {
    const res = await call(table, 'GET', '/v1/entities?kind=STATE&limit=500');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(193);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.find((s: { id: string }) => s.id === 'CIV')).toMatchObject({
      kind: 'STATE',
      names: { fr: 'Côte-d’Ivoire'.replace('’', "'") },
      regions: ['AFRICA'],
      seeded: true,
    });
    expect(
      res.body.items.every((s: { names: { fr?: string } }) => typeof s.names.fr === 'string'),
    ).toBe(true);
  });

  it('places the ISCMs in the brief’s regions', async () => {
    const ids = async (query: string) =>
      (await call(table, 'GET', `/v1/entities?${query}&limit=500`)).body.items.map(
        (e: { id: string }) => e.id,
      );
    expect(await ids('region=AMERICAS&kind=IRF')).toEqual(['ACP-EU', 'EU-CELAC', 'FIBEMYD', 'IGC']);
    expect(await ids('kind=GLOBAL_PROCESS')).toEqual(['GFMD', 'IDM']);
    expect(await ids('region=AFRICA&kind=STATE')).toHaveLength(54);
  });
});

describe('GET /v1/frameworks', () => {
  it('lists both frameworks, the default first', async () => {
    const res = await call(table, 'GET', '/v1/frameworks');
    expect(res.status).toBe(200);
    expect(res.body.items.map((f: { id: string; default: boolean }) => [f.id, f.default])).toEqual([
      ['nyd-2016', true],
      ['gcm-2018', false],
    ]);
    expect(res.body.nextCursor).toBeNull();
  });

  it('returns nyd-2016 in the fixed wire format', async () => {
    const res = await call(table, 'GET', '/v1/frameworks/nyd-2016');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['default', 'groups', 'id', 'labels']);
    expect(res.body).toMatchObject({
      id: 'nyd-2016',
      default: true,
      labels: { en: expect.any(String), fr: expect.any(String) },
    });
    expect(res.body.groups).toHaveLength(6);
    const t1 = res.body.groups[0];
    expect(Object.keys(t1).sort()).toEqual(['id', 'items', 'labels']);
    expect(t1.id).toBe('T1');
    expect(t1.items[0]).toEqual({
      id: 'i',
      labels: { en: expect.any(String), fr: expect.stringMatching(/^Une protection effective/) },
    });
  });

  it('pages like every list', async () => {
    const first = await call(table, 'GET', '/v1/frameworks?limit=1');
    expect(first.body.items.map((f: { id: string }) => f.id)).toEqual(['nyd-2016']);
    const second = await call(
      table,
      'GET',
      `/v1/frameworks?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((f: { id: string }) => f.id)).toEqual(['gcm-2018']);
    expect(second.body.nextCursor).toBeNull();
    expect((await call(table, 'GET', '/v1/frameworks?limit=abc')).status).toBe(400);
    expect((await call(table, 'GET', '/v1/frameworks?cursor=nope')).status).toBe(400);
  });

  it('answers 404 for an unknown framework and 400 for a malformed id', async () => {
    expect((await call(table, 'GET', '/v1/frameworks/nyd-1999')).status).toBe(404);
    expect((await call(table, 'GET', '/v1/frameworks/NYD')).status).toBe(400);
  });
});

describe('GET /v1/regions', () => {
  it('lists the four regions with English and French labels', async () => {
    const res = await call(table, 'GET', '/v1/regions');
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual({
      id: 'ASIA_PACIFIC_MIDDLE_EAST',
      labels: { en: 'Asia, Pacific and Middle East', fr: 'Asie, Pacifique et Moyen-Orient' },
    });
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([
      'AFRICA',
      'AMERICAS',
      'EUROPE',
      'ASIA_PACIFIC_MIDDLE_EAST',
    ]);
  });
});

describe('API documents', () => {
  it('publishes an OpenAPI 3.1 document generated from the same schemas', async () => {
    const res = await call(table, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/frameworks',
        '/v1/frameworks/{id}',
        '/v1/entities',
        '/v1/entities/{id}',
        '/v1/entities/{id}/members',
        '/v1/entities/{id}/memberships',
      ]),
    );
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining(['Entity', 'EntityInput', 'Framework', 'Problem']),
    );
    expect(res.body.components.schemas.Entity.properties.kind.enum).toContain(
      'UN_REGIONAL_COMMISSION',
    );
  });

  it('serves a readable API reference page and a health check', async () => {
    const page = await call(table, 'GET', '/reference');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<code>/v1/entities/{id}/members</code>');
    expect((await call(table, 'GET', '/health')).body).toEqual({ status: 'ok' });
  });
});
