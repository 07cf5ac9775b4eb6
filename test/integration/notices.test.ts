import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

let table: Awaited<ReturnType<typeof createTokenTable>>;
let admin: string;
let organiser: string;
let french: string;
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  table = await createTokenTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [state('FRA', 'EUROPE'), state('HUN', 'EUROPE'), budapest]) {
    await table.entities.create(entity, { seeded: true });
  }
  admin = await table.token('root', { role: 'ADMIN' });
  organiser = await table.token('bp', { role: 'SECRETARIAT', entityId: 'BUDAPEST' });
  french = await table.token('fr', { role: 'FOCAL_POINT', entityId: 'FRA' });
  // France has a French-speaking focal point and an English-speaking alternate; Hungary no contact at all.
  await call(table, 'PUT', '/v1/entities/FRA/contacts', {
    token: admin,
    body: {
      items: [
        { role: 'FOCAL_POINT', name: 'Marie', email: 'marie@example.org', language: 'fr' },
        { role: 'ALTERNATE_FOCAL_POINT', name: 'John', email: 'john@example.org', language: 'en' },
      ],
    },
  });
  await call(table, 'POST', '/v1/cycles', {
    token: organiser,
    body: {
      id: 'NOTICED',
      title: { en: 'Survey 2026', fr: 'Enquête 2026' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'BUDAPEST',
      respondents: ['FRA', 'HUN'],
      opensAt: at(-1),
      dueAt: at(30),
    },
  });
  await call(table, 'POST', '/v1/cycles/NOTICED/open', { token: organiser });
});
afterAll(() => table.drop());

const outbox = async (query: string) =>
  (await call(table, 'GET', `/v1/outbox?${query}`, { token: organiser })).body.items;

describe('notices', () => {
  it('tell every respondent’s contact of an opening, in their language, and keep the undeliverable', async () => {
    const opened = (await outbox('cycleId=NOTICED')).filter(
      (n: { kind: string }) => n.kind === 'OPENED',
    );
    const french = opened.find((n: { to: string }) => n.to === 'marie@example.org');
    expect(french).toMatchObject({
      language: 'fr',
      status: 'SENT',
      entityIds: ['FRA'],
      subject: expect.stringMatching(/^Enquête 2026 : votre rapport est attendu le /),
    });
    expect(opened.find((n: { to: string }) => n.to === 'john@example.org')).toMatchObject({
      language: 'en',
      status: 'SENT',
    });
    expect(opened.find((n: { entityIds: string[] }) => n.entityIds[0] === 'HUN')).toMatchObject({
      to: null,
      status: 'UNDELIVERABLE',
    });
    expect(opened).toHaveLength(3);
  });

  it('quote a return’s comment word for word, written with the change or not at all', async () => {
    const path = '/v1/cycles/NOTICED/submissions/FRA';
    await call(table, 'PUT', path, {
      token: french,
      body: { entries: [{ type: 'PRINCIPLE', text: 'Rights first' }] },
    });
    await call(table, 'POST', `${path}/submit`, { token: french });
    const comment = 'Please add the 2025 figures, by sex and age.';
    // Two organisers' decisions race: one lands with its notices, the other leaves none.
    const results = await Promise.all([
      call(table, 'POST', `${path}/review`, {
        token: organiser,
        body: { decision: 'RETURN', comment },
      }),
      call(table, 'POST', `${path}/review`, { token: organiser, body: { decision: 'ACCEPT' } }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    const decided = (await outbox('cycleId=NOTICED&entityId=FRA')).filter(
      (n: { kind: string }) => n.kind === 'RETURNED' || n.kind === 'ACCEPTED',
    );
    expect(decided).toHaveLength(2);
    expect(new Set(decided.map((n: { kind: string }) => n.kind)).size).toBe(1);
    if (decided[0].kind === 'RETURNED') {
      expect(decided.every((n: { body: string }) => n.body.includes(`"${comment}"`))).toBe(true);
    }
  });

  it('are read by the admin and the cycle’s organiser only', async () => {
    expect((await call(table, 'GET', '/v1/outbox', { token: admin })).status).toBe(200);
    expect((await call(table, 'GET', '/v1/outbox', { token: organiser })).status).toBe(403);
    expect((await call(table, 'GET', '/v1/outbox?cycleId=NOTICED', { token: french })).status).toBe(
      403,
    );
    const page = await call(table, 'GET', '/v1/outbox?cycleId=NOTICED&limit=2', {
      token: organiser,
    });
    const rest = await call(
      table,
      'GET',
      `/v1/outbox?cycleId=NOTICED&limit=100&cursor=${page.body.nextCursor}`,
      { token: organiser },
    );
    const all = await outbox('cycleId=NOTICED&limit=100');
    expect([...page.body.items, ...rest.body.items].map((n: { id: string }) => n.id)).toEqual(
      all.map((n: { id: string }) => n.id),
    );
    expect(
      (await call(table, 'GET', '/v1/outbox?cycleId=NOTICED&cursor=forged', { token: organiser }))
        .status,
    ).toBe(400);
  });
});

describe('an interrupted fan-out', () => {
  it('is finished from the event recorded with the status, once', async () => {
    const cycle = await table.repositories.cycles.get('NOTICED');
    if (!cycle) throw new Error('NOTICED is missing');
    // As if the process stopped right after closing: the event is there, no CLOSED notice yet.
    await table.repositories.cycles.replaceWithEvent(
      { ...cycle, status: 'CLOSED', version: cycle.version + 1 },
      cycle,
      'CLOSED',
    );
    expect(await table.repositories.cycles.pendingEvents('NOTICED')).toEqual(['CLOSED']);
    expect(
      (await outbox('cycleId=NOTICED&limit=500')).filter(
        (n: { kind: string }) => n.kind === 'CLOSED',
      ),
    ).toEqual([]);

    const interrupted = await table.useCases.cycles.get('NOTICED');
    await table.useCases.round.finishEvents(interrupted);
    await table.useCases.round.finishEvents(interrupted);
    const closed = (await outbox('cycleId=NOTICED&limit=500')).filter(
      (n: { kind: string }) => n.kind === 'CLOSED',
    );
    expect(closed.map((n: { to: string | null }) => n.to).sort()).toEqual([
      'john@example.org',
      'marie@example.org',
      null,
    ]);
    expect(await table.repositories.cycles.pendingEvents('NOTICED')).toEqual([]);
  });
});
