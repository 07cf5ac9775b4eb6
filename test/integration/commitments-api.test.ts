import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, ngo, rabat, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    state('FRA', 'EUROPE'),
    state('SEN', 'AFRICA'),
    budapest,
    rabat,
    ngo('MIGRANT-FORUM'),
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
});
afterAll(() => table.drop());

const remittances = {
  owner: 'FRA',
  title: { en: 'Cheaper remittances', fr: 'Des envois de fonds moins chers' },
  description: { en: 'Halve the cost of sending money home.' },
  tags: { 'nyd-2016': ['h'], 'gcm-2018': ['20'] },
  sdgTargets: ['10.c'],
  startDate: '2026-01-01',
  targetDate: '2030-12-31',
  indicators: [
    { id: 'cost', name: { en: 'Average cost' }, baseline: 6.5, target: 3, indicatorRef: '10.c.1' },
  ],
};

describe('POST /v1/commitments', () => {
  it('creates a commitment in the fixed wire format, with a server id, level and catalogue unit', async () => {
    const res = await call(table, 'POST', '/v1/commitments', { body: remittances });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ...remittances,
      id: expect.stringMatching(/^C-[0-9A-F]{12}$/),
      coOwners: [],
      partners: [],
      level: 'NATIONAL',
      indicators: [{ ...remittances.indicators[0], unit: 'PERCENT' }],
      version: 1,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/v1/commitments/${res.body.id}`);
    expect((await call(table, 'GET', `/v1/commitments/${res.body.id}`)).body).toEqual(res.body);
  });

  it('takes a client-chosen id once, so imports can be replayed', async () => {
    const body = { ...remittances, id: 'FRA-2026-01', owner: 'BUDAPEST', coOwners: ['RABAT'] };
    const first = await call(table, 'POST', '/v1/commitments', { body });
    expect(first.status).toBe(201);
    expect(first.body.level).toBe('RCP');
    expect((await call(table, 'POST', '/v1/commitments', { body })).status).toBe(409);
  });

  it('derives the level from the owner’s kind', async () => {
    const levels: Record<string, string> = {
      RABAT: 'IRF',
      'MIGRANT-FORUM': 'PARTNER',
      SEN: 'NATIONAL',
    };
    for (const [owner, level] of Object.entries(levels)) {
      const res = await call(table, 'POST', '/v1/commitments', {
        body: { owner, title: { en: owner } },
      });
      expect(res.body.level, owner).toBe(level);
    }
  });

  it('refuses bad fields with pointers: dates, SDG targets, tags, indicators, references', async () => {
    const cases: Array<[object, string[]]> = [
      [{ targetDate: '2020-01-01' }, ['/targetDate']],
      [{ startDate: '2026-02-30' }, ['/startDate']],
      [{ sdgTargets: ['10.77.1'] }, ['/sdgTargets/0']],
      [{ tags: { 'nyd-2016': ['T9'] } }, ['/tags/nyd-2016/0']],
      [{ tags: { 'nyd-1999': ['a'] } }, ['/tags/nyd-1999']],
      [
        { indicators: [{ id: 'x', name: { en: 'x' }, indicatorRef: '10.c.1', unit: 'USD' }] },
        ['/indicators/0/unit'],
      ],
      [
        { indicators: [{ id: 'x', name: { en: 'x' }, indicatorRef: '99.9.9' }] },
        ['/indicators/0/indicatorRef'],
      ],
      [{ indicators: [{ id: 'x', name: { en: 'x' } }] }, ['/indicators/0/unit']],
      [{ owner: 'NOBODY' }, ['/owner']],
      [{ sdgTargets: ['99.9'] }, ['/sdgTargets/0']],
      [{ coOwners: ['SEN', 'SEN'] }, ['/coOwners/1']],
      [{ coOwners: Array.from({ length: 49 }, () => 'SEN') }, ['/coOwners']],
      [{ tags: { 'nyd-2016': ['h', 'h'] } }, ['/tags/nyd-2016/1']],
      [{ coOwners: ['SEN', 'NOBODY'] }, ['/coOwners/1']],
      [
        {
          indicators: [
            { id: 'x', name: { en: 'x' }, unit: 'n', disaggregation: { sex: ['BOTH'] } },
          ],
        },
        ['/indicators/0/disaggregation/sex/0'],
      ],
    ];
    for (const [change, pointers] of cases) {
      const res = await call(table, 'POST', '/v1/commitments', {
        body: { ...remittances, ...change },
      });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(
        res.body.errors.map((e: { pointer: string }) => e.pointer),
        JSON.stringify(change),
      ).toEqual(pointers);
    }
  });
});

describe('GET /v1/commitments', () => {
  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((c) => c.id);

  it('filters by owner, co-owners included', async () => {
    const rabat = await call(table, 'GET', '/v1/commitments?owner=RABAT');
    expect(ids(rabat)).toContain('FRA-2026-01');
    expect(
      rabat.body.items.every(
        (c: { owner: string; coOwners: string[] }) =>
          c.owner === 'RABAT' || c.coOwners.includes('RABAT'),
      ),
    ).toBe(true);
  });

  it('filters by level, by framework and tag (a theme finds its elements), and by SDG target', async () => {
    const national = await call(table, 'GET', '/v1/commitments?level=NATIONAL&limit=500');
    expect(national.body.items.every((c: { level: string }) => c.level === 'NATIONAL')).toBe(true);
    const byTheme = ids(await call(table, 'GET', '/v1/commitments?framework=nyd-2016&tag=T4'));
    const byElement = ids(await call(table, 'GET', '/v1/commitments?framework=nyd-2016&tag=h'));
    expect(byTheme.length).toBeGreaterThan(0);
    expect(byTheme).toEqual(byElement);
    expect(ids(await call(table, 'GET', '/v1/commitments?framework=nyd-2016&tag=T6'))).toEqual([]);
    expect(
      ids(await call(table, 'GET', '/v1/commitments?framework=gcm-2018&tag=20&owner=FRA')).length,
    ).toBe(1);
    expect(ids(await call(table, 'GET', '/v1/commitments?sdgTarget=10.c'))).toEqual(byElement);
    expect((await call(table, 'GET', '/v1/commitments?tag=h')).status).toBe(400);
    for (const [query, pointer] of [
      ['framework=nope&tag=h', '/framework'],
      ['framework=nyd-2016&tag=ZZ', '/tag'],
      ['sdgTarget=abc', '/sdgTarget'],
    ]) {
      const res = await call(table, 'GET', `/v1/commitments?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ in: 'query', pointer });
    }
  });

  it('pages', async () => {
    const all = ids(await call(table, 'GET', '/v1/commitments?limit=500'));
    const first = await call(table, 'GET', '/v1/commitments?limit=2');
    const second = await call(
      table,
      'GET',
      `/v1/commitments?limit=500&cursor=${first.body.nextCursor}`,
    );
    expect([...ids(first), ...ids(second)]).toEqual(all);
  });
});

describe('PATCH and DELETE /v1/commitments/{id}', () => {
  it('merges a patch with the version read; 428 without it, 412 when stale', async () => {
    const created = (await call(table, 'POST', '/v1/commitments', { body: remittances })).body;
    const path = `/v1/commitments/${created.id}`;
    const patch = {
      title: { en: 'Much cheaper remittances' },
      description: null,
      sdgTargets: ['10.c', '10.7'],
    };
    expect((await call(table, 'PATCH', path, { body: patch })).status).toBe(428);
    const res = await call(table, 'PATCH', path, { body: patch, ifMatch: '"1"' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: { en: 'Much cheaper remittances' },
      sdgTargets: ['10.c', '10.7'],
      version: 2,
    });
    expect(res.body.description).toBeUndefined();
    expect(res.body.tags).toEqual(remittances.tags);
    expect((await call(table, 'PATCH', path, { body: patch, ifMatch: '"1"' })).status).toBe(412);
    expect(
      (await call(table, 'PATCH', path, { body: { owner: 'SEN' }, ifMatch: '"2"' })).status,
    ).toBe(409);
    const invalid = await call(table, 'PATCH', path, {
      body: { startDate: 'soon' },
      ifMatch: '"2"',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].pointer).toBe('/startDate');
  });

  it('moves a commitment between owners’ lists when co-owners change, and deletes it', async () => {
    const created = (
      await call(table, 'POST', '/v1/commitments', { body: { ...remittances, coOwners: ['SEN'] } })
    ).body;
    const path = `/v1/commitments/${created.id}`;
    const ofSen = async () =>
      (await call(table, 'GET', '/v1/commitments?owner=SEN')).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await ofSen()).toContain(created.id);
    await call(table, 'PATCH', path, { body: { coOwners: [] }, ifMatch: '"1"' });
    expect(await ofSen()).not.toContain(created.id);
    expect((await call(table, 'DELETE', path, { ifMatch: '"1"' })).status).toBe(412);
    expect((await call(table, 'DELETE', path)).status).toBe(204);
    expect((await call(table, 'GET', path)).status).toBe(404);
    expect(
      (await call(table, 'GET', '/v1/commitments?owner=FRA')).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).not.toContain(created.id);
  });
});

describe('the table stream', () => {
  it('keeps flowing past commitments (empty maps and all) to the membership index', async () => {
    const stream = table.startStream();
    try {
      await call(table, 'POST', '/v1/commitments', {
        body: { owner: 'SEN', title: { en: 'No tags at all' } },
      });
      await call(table, 'POST', '/v1/entities', {
        body: {
          id: 'STREAM-RCP',
          kind: 'RCP',
          names: { en: 'S' },
          regions: ['AFRICA'],
          members: ['SEN'],
        },
      });
      await stream.drained();
    } finally {
      await stream.stop();
    }
    const memberships = await call(table, 'GET', '/v1/entities/SEN/memberships');
    expect(memberships.body.items.map((e: { id: string }) => e.id)).toEqual(['STREAM-RCP']);
  });
});
