import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntityInput, type Rollup, SHIPPED_FRAMEWORKS } from '#core';
import { startStreamPoller, streamConsumers } from '#local';
import { rollupKeys } from '#store';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

/**
 * A synthetic consultation of 38 respondents across the four regions, with regional processes
 * and two interregional forums spanning two regions each, kept up to date from the stream. The
 * expected figures are counted by hand from the table below, not by the code under test.
 */

// What each respondent's recommendations are tagged with; null: it never submits.
// New York Declaration framework: T1 holds i, o, u; T4 holds a, d, h, t; T6 holds k, l.
const SUBMITS: Record<string, string[] | null> = {
  // AFRICA
  SEN: ['a'],
  MLI: ['a', 'h'],
  NGA: ['a'],
  GHA: ['d'],
  KEN: null,
  ETH: null,
  MAR: ['T1'],
  EGY: ['a'],
  // AMERICAS
  USA: ['h'],
  CAN: ['h'],
  MEX: null,
  BRA: ['a'],
  ARG: null,
  CHL: ['h', 'k'],
  COL: null,
  PER: null,
  // EUROPE
  FRA: ['a', 'h'],
  DEU: ['a'],
  ITA: ['a'],
  ESP: ['T1'],
  HUN: ['d'],
  AUT: null,
  POL: null,
  SWE: ['a'],
  // ASIA_PACIFIC_MIDDLE_EAST
  JPN: ['k'],
  CHN: null,
  IND: ['a'],
  IDN: null,
  AUS: ['k', 'h'],
  PHL: null,
  THA: null,
  VNM: ['a'],
  // Bodies
  'RCP-AF': ['a'],
  'RCP-EU': ['h'],
  'RCP-AM': null,
  'RCP-AP': ['T6'],
  'IRF-AFEU': ['a', 'h'],
  'IRF-APAM': ['h'],
};
const REGION_OF: Record<string, EntityInput['regions'][number]> = {};
for (const [region, ids] of [
  ['AFRICA', 'SEN MLI NGA GHA KEN ETH MAR EGY'],
  ['AMERICAS', 'USA CAN MEX BRA ARG CHL COL PER'],
  ['EUROPE', 'FRA DEU ITA ESP HUN AUT POL SWE'],
  ['ASIA_PACIFIC_MIDDLE_EAST', 'JPN CHN IND IDN AUS PHL THA VNM'],
] as const) {
  for (const id of ids.split(' ')) REGION_OF[id] = region;
}
const body = (
  id: string,
  kind: 'RCP' | 'IRF',
  regions: EntityInput['regions'],
  members: string,
): EntityInput => ({
  id,
  kind,
  names: { en: id },
  regions,
  members: members.split(' '),
});
const BODIES = [
  body('RCP-AF', 'RCP', ['AFRICA'], 'SEN MLI NGA GHA'),
  body('RCP-EU', 'RCP', ['EUROPE'], 'FRA DEU ITA ESP'),
  body('RCP-AM', 'RCP', ['AMERICAS'], 'USA CAN MEX BRA'),
  body('RCP-AP', 'RCP', ['ASIA_PACIFIC_MIDDLE_EAST'], 'JPN CHN IND IDN'),
  body('IRF-AFEU', 'IRF', ['AFRICA', 'EUROPE'], 'SEN MLI FRA ESP'),
  body('IRF-APAM', 'IRF', ['ASIA_PACIFIC_MIDDLE_EAST', 'AMERICAS'], 'JPN AUS USA CHL'),
];

let now = new Date('2027-01-10T00:00:00Z');
const clock = { now: () => now };
let table: TestTable;
let stream: ReturnType<TestTable['startStream']>;

beforeAll(async () => {
  table = await createTestTable({ clock });
  stream = table.startStream();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const [id, region] of Object.entries(REGION_OF)) {
    await table.entities.create(
      { id, kind: 'STATE', names: { en: id }, regions: [region], members: [] },
      { seeded: true },
    );
  }
  for (const entity of [
    ...BODIES,
    { id: 'IOM', kind: 'IGO' as const, names: { en: 'IOM' }, regions: [], members: [] },
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
  // The reverse membership index must be in place before the cycle snapshots memberships.
  await stream.drained();
  const created = await call(table, 'POST', '/v1/cycles', {
    body: {
      id: 'SYNTH',
      title: { en: 'Synthetic consultation' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'IOM',
      respondents: Object.keys(SUBMITS),
      opensAt: '2027-01-01T00:00:00Z',
      dueAt: '2027-02-01T00:00:00Z',
    },
  });
  expect(created.status).toBe(201);
  expect((await call(table, 'POST', '/v1/cycles/SYNTH/open')).status).toBe(200);
  // A state leaves a process after opening: the cycle's snapshot keeps it there.
  const rcpEu = await table.entities.get('RCP-EU');
  if (rcpEu) await table.entities.replaceMembers(rcpEu, ['DEU', 'ITA', 'ESP'], rcpEu.version);
  for (const [id, tags] of Object.entries(SUBMITS)) {
    if (!tags) continue;
    const path = `/v1/cycles/SYNTH/submissions/${id}`;
    await call(table, 'PUT', path, {
      body: { entries: [{ type: 'RECOMMENDATION', text: 'x', tags }] },
    });
    expect((await call(table, 'POST', `${path}/submit`)).status).toBe(200);
  }
  await stream.drained();
}, 120_000);
afterAll(async () => {
  await stream.stop();
  await table.drop();
});

/** Any token passes the open access of these tests; without one, an unpublished rollup is a 401. */
const signedIn = { authorization: 'Bearer any' };
const rollup = async (scope: string): Promise<Rollup> => {
  const res = await call(table, 'GET', `/v1/cycles/SYNTH/rollup?scope=${scope}`, {
    headers: signedIn,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const recommendations = (r: Rollup, level: 'groups' | 'items', id: string) =>
  r[level][id]?.RECOMMENDATION;

describe('rollups kept from the stream', () => {
  it('region EUROPE: its states, its process and the forum that spans it', async () => {
    const europe = await rollup('region:EUROPE');
    expect(europe).toMatchObject({ asked: 10, responded: 8, responseRate: 0.8, overdue: 0 });
    expect(recommendations(europe, 'items', 'a')).toEqual({
      count: 5,
      entities: ['DEU', 'FRA', 'IRF-AFEU', 'ITA', 'SWE'],
    });
    expect(recommendations(europe, 'items', 'h')?.count).toBe(3);
    expect(recommendations(europe, 'groups', 'T4')?.count).toBe(7);
    expect(recommendations(europe, 'groups', 'T1')).toEqual({ count: 1, entities: ['ESP'] });
    expect(recommendations(europe, 'items', 'i')?.count).toBe(0);
    // T4: 7 of 10 asked is recurring; a: 5 of 10 is not more than half.
    expect(europe.recurring).toContainEqual({
      level: 'GROUP',
      id: 'T4',
      type: 'RECOMMENDATION',
      count: 7,
      denominator: 10,
      share: 0.7,
    });
    expect(europe.recurring.some((r) => r.id === 'a')).toBe(false);
  });

  it('region AFRICA, where item a recurs', async () => {
    const africa = await rollup('region:AFRICA');
    expect(africa).toMatchObject({ asked: 10, responded: 8 });
    expect(recommendations(africa, 'items', 'a')?.count).toBe(6);
    expect(africa.recurring).toContainEqual({
      level: 'ITEM',
      id: 'a',
      type: 'RECOMMENDATION',
      count: 6,
      denominator: 10,
      share: 0.6,
    });
  });

  it('the other regions', async () => {
    expect(await rollup('region:AMERICAS')).toMatchObject({ asked: 10, responded: 5 });
    expect(await rollup('region:ASIA_PACIFIC_MIDDLE_EAST')).toMatchObject({
      asked: 10,
      responded: 6,
    });
  });

  it('globally, every respondent once', async () => {
    const world = await rollup('global');
    expect(world).toMatchObject({ asked: 38, responded: 25 });
    expect(recommendations(world, 'items', 'a')?.count).toBe(13);
    expect(recommendations(world, 'items', 'h')?.count).toBe(9);
    expect(recommendations(world, 'groups', 'T6')?.count).toBe(4);
    expect(recommendations(world, 'items', 'k')?.count).toBe(3);
  });

  it('a forum with its members, a state counted once in each body it belongs to', async () => {
    const forum = await rollup('members:IRF-AFEU');
    expect(forum).toMatchObject({ asked: 5, responded: 5 });
    expect(recommendations(forum, 'items', 'a')?.entities).toEqual([
      'FRA',
      'IRF-AFEU',
      'MLI',
      'SEN',
    ]);
    expect(recommendations(await rollup('members:RCP-AF'), 'items', 'a')?.entities).toContain(
      'SEN',
    );
  });

  it('keeps the members of the snapshot, whatever changed since opening', async () => {
    const process = await rollup('members:RCP-EU');
    expect(process.asked).toBe(5);
    expect(recommendations(process, 'items', 'a')?.entities).toContain('FRA');
  });

  it('lists the scopes with their headline figures', async () => {
    const { items } = (
      await call(table, 'GET', '/v1/cycles/SYNTH/rollup/scopes', { headers: signedIn })
    ).body;
    const scopes = items.map((h: { scope: string }) => h.scope);
    expect(scopes).toHaveLength(1 + 38 + 4 + 6);
    expect(items.find((h: { scope: string }) => h.scope === 'global')).toMatchObject({
      asked: 38,
      responded: 25,
    });
  });

  it('a replayed, duplicated or shuffled stream leaves the rollups as they were, and as a recomputation makes them', async () => {
    const scopes = ['global', 'region:EUROPE', 'members:IRF-AFEU', 'entity:FRA', 'entity:KEN'];
    const before = await Promise.all(scopes.map(rollup));
    // Every record the table's stream holds, from the start, fed again twice in a shuffled order.
    const records: _Record[] = [];
    const capture = startStreamPoller({
      endpoint: table.endpoint,
      streamArn: table.streamArn,
      handle: async (batch) => {
        records.push(...batch);
      },
      onError: () => {},
    });
    await capture.drained();
    await capture.stop();
    const shuffled = [...records, ...records]
      .map((record, index) => ({ record, key: (index * 7919) % 1009 }))
      .sort((a, b) => a.key - b.key)
      .map(({ record }) => record);
    const feed = streamConsumers(table.client, table.tableName, table.useCases.rollups);
    for (let start = 0; start < shuffled.length; start += 50)
      await feed(shuffled.slice(start, start + 50));
    expect(await Promise.all(scopes.map(rollup))).toEqual(before);
    await table.useCases.rollups.recompute('SYNTH');
    expect(await Promise.all(scopes.map(rollup))).toEqual(before);
  });

  it('answers 401 to an anonymous reader before publication, and 400 naming a bad scope', async () => {
    const anonymous = await call(table, 'GET', '/v1/cycles/SYNTH/rollup?scope=global');
    expect(anonymous.status).toBe(401);
    const bad = await call(table, 'GET', '/v1/cycles/SYNTH/rollup?scope=planet:MARS', {
      headers: signedIn,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ in: 'query', pointer: '/scope' });
  });

  it('counts the silent as overdue once the due date has passed', async () => {
    now = new Date('2027-02-10T00:00:00Z');
    await table.useCases.rollups.recompute('SYNTH');
    expect(await rollup('global')).toMatchObject({ overdue: 13, missing: 0 });
    expect((await rollup('entity:KEN')).lights.KEN).toEqual({
      reporting: 'OVERDUE',
      implementation: 'NONE',
    });
  });

  it('once closed and published, shows anyone the final figures', async () => {
    expect((await call(table, 'POST', '/v1/cycles/SYNTH/close')).status).toBe(200);
    expect((await call(table, 'POST', '/v1/cycles/SYNTH/publish')).status).toBe(200);
    const anonymous = await call(table, 'GET', '/v1/cycles/SYNTH/rollup?scope=global');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ asked: 38, responded: 25, overdue: 0, missing: 13 });
    const scopes = await call(table, 'GET', '/v1/cycles/SYNTH/rollup/scopes');
    expect(scopes.body.items).toHaveLength(49);
  });
});

describe('a series', () => {
  it('calls SILENT a respondent missing again after missing the previous cycle', async () => {
    now = new Date('2027-03-01T00:00:00Z');
    const cycleOf = (id: string, previousCycleId: string | null) =>
      call(table, 'POST', '/v1/cycles', {
        body: {
          id,
          title: { en: id },
          kind: 'CONSULTATION',
          frameworkId: 'nyd-2016',
          organiser: 'IOM',
          respondents: ['KEN', 'SEN'],
          opensAt: '2027-03-01T00:00:00Z',
          dueAt: '2027-04-01T00:00:00Z',
          previousCycleId,
        },
      });
    expect((await cycleOf('NEXT-BAD', 'NO-SUCH-CYCLE')).body.errors[0].pointer).toBe(
      '/previousCycleId',
    );
    expect((await cycleOf('FIRST', null)).status).toBe(201);
    await call(table, 'POST', '/v1/cycles/FIRST/open');
    await call(table, 'PUT', '/v1/cycles/FIRST/submissions/SEN', { body: { entries: [] } });
    await call(table, 'POST', '/v1/cycles/FIRST/submissions/SEN/submit');
    await call(table, 'POST', '/v1/cycles/FIRST/close');
    expect((await cycleOf('SECOND', 'FIRST')).status).toBe(201);
    await call(table, 'POST', '/v1/cycles/SECOND/open');
    now = new Date('2027-04-10T00:00:00Z');
    await table.useCases.rollups.recompute('SECOND');
    const lights = (
      await call(table, 'GET', '/v1/cycles/SECOND/rollup?scope=global', { headers: signedIn })
    ).body.lights;
    expect(lights).toEqual({
      KEN: { reporting: 'SILENT', implementation: 'NONE' },
      SEN: { reporting: 'OVERDUE', implementation: 'NONE' },
    });
  });
});

describe('upkeep under pressure', () => {
  const open = async (id: string, respondents: string[]) => {
    now = new Date('2027-05-01T00:00:00Z');
    const created = await call(table, 'POST', '/v1/cycles', {
      body: {
        id,
        title: { en: id },
        kind: 'CONSULTATION',
        frameworkId: 'nyd-2016',
        organiser: 'IOM',
        respondents,
        opensAt: '2027-05-01T00:00:00Z',
        dueAt: '2027-06-01T00:00:00Z',
      },
    });
    expect(created.status).toBe(201);
    await call(table, 'POST', `/v1/cycles/${id}/open`);
  };
  const submit = async (cycleId: string, entityId: string, entries: unknown[]) => {
    const path = `/v1/cycles/${cycleId}/submissions/${entityId}`;
    const current = await call(table, 'GET', path);
    const put = await call(table, 'PUT', path, {
      body: { entries },
      ...(current.status === 200 && { ifMatch: current.headers.get('etag') ?? '' }),
    });
    expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
    expect((await call(table, 'POST', `${path}/submit`)).status).toBe(200);
  };

  it('serialises upkeep of one cycle: two holders of its lease never overlap', async () => {
    const rollups = table.repositories.rollups;
    let active = 0;
    let most = 0;
    const work = async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 30));
      active--;
    };
    await Promise.all(Array.from({ length: 6 }, () => rollups.lease('LEASED', work)));
    expect(most).toBe(1);
    // Another cycle's upkeep does not wait for this one's: each holder waits for the other to
    // be inside too, which only happens if neither lease holds the other up.
    let inside = 0;
    const meet = async () => {
      inside++;
      for (let waited = 0; inside < 2 && waited < 5_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return inside;
    };
    const met = await Promise.all([rollups.lease('LEASED', meet), rollups.lease('OTHER', meet)]);
    expect(met).toEqual([2, 2]);
  });

  it('takes over the lease of a holder that died, once it has run out', async () => {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...rollupKeys.lease('ABANDONED'), holder: 'dead', leaseUntil: Date.now() - 1 },
      }),
    );
    expect(await table.repositories.rollups.lease('ABANDONED', async () => 'ran')).toBe('ran');
  });

  it('splits a scope too large for one item into parts under 400 KB, and reads it back whole', async () => {
    const states = ['MAR', 'EGY', 'GHA', 'NGA', 'KEN', 'ETH', 'SEN', 'MLI'];
    await open('BIG', states);
    const practices = (id: string) =>
      Array.from({ length: 100 }, (_, n) => ({
        type: 'GOOD_PRACTICE',
        title: `${id} ${n} ${'é'.repeat(280)}`,
        category: 'PROJECTS',
        innovative: true,
        tags: ['a'],
      }));
    for (const id of states) await submit('BIG', id, practices(id));
    await stream.drained();
    await table.useCases.rollups.recompute('BIG');
    const big = (
      await call(table, 'GET', '/v1/cycles/BIG/rollup?scope=global', { headers: signedIn })
    ).body as Rollup;
    expect(big.goodPractices.PROJECTS).toMatchObject({ count: 800, entities: 8 });
    expect(big.goodPractices.PROJECTS?.titles[0]).toBe(`EGY 0 ${'é'.repeat(280)}`);
    expect(big.innovative).toHaveLength(800);
    expect(big.items.a?.GOOD_PRACTICE.count).toBe(8);
    expect(Object.keys(big.items)).toHaveLength(24);

    // Back to small: returned and resubmitted without practices, the scope is one item again,
    // and the parts left behind are ignored.
    for (const id of states) {
      await call(table, 'POST', `/v1/cycles/BIG/submissions/${id}/review`, {
        body: { decision: 'RETURN', comment: 'Fewer, please.' },
      });
      await submit('BIG', id, []);
    }
    await stream.drained();
    const small = (
      await call(table, 'GET', '/v1/cycles/BIG/rollup?scope=global', { headers: signedIn })
    ).body as Rollup;
    expect(small.goodPractices.PROJECTS).toEqual({ count: 0, entities: 0, titles: [] });
    expect(small.innovative).toEqual([]);
  });

  it('a head written as unpublished never hides a published cycle', async () => {
    // SYNTH is published; write one of its heads back as if a late upkeep had.
    const stored = await table.repositories.rollups.get('SYNTH', 'entity:FRA');
    if (!stored) throw new Error('no rollup');
    await table.repositories.rollups.write(
      'SYNTH',
      { organiser: 'IOM', published: false },
      [],
      [stored.rollup],
    );
    expect((await table.repositories.rollups.get('SYNTH', 'entity:FRA'))?.published).toBe(false);
    const anonymous = await call(table, 'GET', '/v1/cycles/SYNTH/rollup?scope=entity:FRA');
    expect(anonymous.status).toBe(200);
  });
});
