import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FRAMEWORKS } from '#core';
import { rabat, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

/**
 * The summary report through the API: its numbers are the rollup API's, it is the organiser's
 * until the cycle is published and everyone's after, in both languages and three formats.
 */
let table: Awaited<ReturnType<typeof createTokenTable>>;
let now = new Date('2027-05-01T00:00:00Z');
const clock = { now: () => now };
const tokens = {} as Record<'admin' | 'organiser' | 'other', string>;
const path = '/v1/cycles/SUM/summary';

const body = (id: string, kind: 'RCP' | 'IRF', regions: string[]) => ({
  id,
  kind,
  names: { en: `${id} process`, fr: `Processus ${id}` },
  regions,
  members: [],
});

beforeAll(async () => {
  table = await createTokenTable({ clock });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    body('IOM-DESK', 'RCP', ['EUROPE']),
    body('ALPHA', 'RCP', ['AFRICA']),
    body('BETA', 'RCP', ['EUROPE']),
    body('GAMMA', 'RCP', ['AMERICAS']),
    rabat,
    state('FRA', 'EUROPE'),
  ])
    await table.entities.create(entity as never, { seeded: true });
  tokens.admin = await table.token('admin', { role: 'ADMIN' });
  tokens.organiser = await table.token('sec', { role: 'SECRETARIAT', entityId: 'IOM-DESK' });
  tokens.other = await table.token('beta', { role: 'SECRETARIAT', entityId: 'BETA' });
  const admin = { token: tokens.admin };
  await call(table, 'POST', '/v1/cycles', {
    ...admin,
    body: {
      id: 'SUM',
      title: { en: 'Survey', fr: 'Enquête' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'IOM-DESK',
      respondents: ['ALPHA', 'BETA', 'GAMMA', 'RABAT'],
      opensAt: '2027-04-01T00:00:00Z',
      dueAt: '2027-06-01T00:00:00Z',
    },
  });
  await call(table, 'POST', '/v1/cycles/SUM/open', admin);
  const answer = async (entityId: string, entries: unknown[]) => {
    const submission = `/v1/cycles/SUM/submissions/${entityId}`;
    await call(table, 'PUT', submission, {
      ...admin,
      body: { entries, visibility: 'PUBLIC_ON_PUBLISH' },
    });
    await call(table, 'POST', `${submission}/submit`, admin);
  };
  await answer('ALPHA', [
    { type: 'RECOMMENDATION', text: 'Cooperate.', tags: ['f'] },
    { type: 'RECOMMENDATION', text: 'Remittances.', tags: ['h'] },
  ]);
  await answer('RABAT', [
    { type: 'RECOMMENDATION', text: 'Cooperate more.', tags: ['f', 'i'] },
    {
      type: 'GOOD_PRACTICE',
      title: 'Joint valorisation of skills',
      category: 'PROJECTS',
      tags: ['w'],
      innovative: true,
    },
  ]);
  await answer('BETA', [{ type: 'RECOMMENDATION', text: 'Data.', tags: ['v'] }]);
  now = new Date('2027-06-10T00:00:00Z');
  await call(table, 'POST', '/v1/cycles/SUM/close', admin);
});
afterAll(() => table.drop());

describe('the summary report', () => {
  it('is the organiser’s before publication: 401 without a token, 403 for others', async () => {
    expect((await call(table, 'GET', path)).status).toBe(401);
    expect((await call(table, 'GET', path, { token: tokens.other })).status).toBe(403);
    expect((await call(table, 'GET', path, { token: tokens.organiser })).status).toBe(200);
  });

  it('has the rollup API’s numbers, region by region and across regions', async () => {
    const res = await call(table, 'GET', `${path}?format=json`, { token: tokens.organiser });
    expect(res.status).toBe(200);
    const summary = res.body;
    const sections = [
      ['global', summary.crossRegional],
      ...summary.regions.map((s: { region: string }) => [`region:${s.region}`, s]),
    ];
    expect(sections.map(([scope]) => scope)).toEqual([
      'global',
      'region:AFRICA',
      'region:AMERICAS',
      'region:EUROPE',
      'region:ASIA_PACIFIC_MIDDLE_EAST',
    ]);
    for (const [scope, section] of sections) {
      const rollup = (
        await call(table, 'GET', `/v1/cycles/SUM/rollup?scope=${scope}`, {
          token: tokens.organiser,
        })
      ).body;
      expect(section).toMatchObject({
        asked: rollup.asked,
        responded: rollup.responded,
        responseRate: rollup.responseRate,
      });
      for (const heading of section.headings)
        expect(heading.entities, `${scope} ${heading.id}`).toEqual(
          rollup.groups[heading.id].RECOMMENDATION.entities,
        );
      for (const practice of section.goodPractices)
        expect(practice.count).toBe(rollup.goodPractices[practice.category].count);
      expect(section.innovative).toEqual(rollup.innovative);
    }
    // The forum counts in each of its three regions, and once across them.
    const rabatIn = summary.regions.filter((s: { spanning: string[] }) =>
      s.spanning.includes('RABAT'),
    );
    expect(rabatIn).toHaveLength(3);
    expect(summary.crossRegional).toMatchObject({ asked: 4, responded: 3 });
  });

  it('reads as Markdown or prints as HTML, in English or French', async () => {
    const md = await call(table, 'GET', `${path}?lang=fr`, { token: tokens.organiser });
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-language')).toBe('fr');
    expect(md.body).toContain('# Enquête\u00a0: résumé des résultats');
    expect(md.body).toContain('## Aperçu transrégional');
    const html = await call(table, 'GET', `${path}?format=html`, { token: tokens.organiser });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/^<!doctype html>/);
    expect(html.body).toContain('<svg');
    expect(html.body).not.toMatch(/<(link|script)\b/);
    const bad = await call(table, 'GET', `${path}?lang=de&format=pdf`, { token: tokens.organiser });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/format',
      '/lang',
    ]);
  });

  it('is public once the cycle is published', async () => {
    await call(table, 'POST', '/v1/cycles/SUM/publish', { token: tokens.admin });
    const res = await call(table, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body).toContain('# Survey: summary of the results');
    expect((await call(table, 'GET', path, { token: tokens.other })).status).toBe(200);
  });

  it('has nothing to say of a draft', async () => {
    await call(table, 'POST', '/v1/cycles', {
      token: tokens.admin,
      body: {
        id: 'DRAFTY',
        title: { en: 'Draft' },
        kind: 'CONSULTATION',
        frameworkId: 'nyd-2016',
        organiser: 'IOM-DESK',
        respondents: ['ALPHA'],
        opensAt: '2027-07-01T00:00:00Z',
        dueAt: '2027-08-01T00:00:00Z',
      },
    });
    const res = await call(table, 'GET', '/v1/cycles/DRAFTY/summary', { token: tokens.admin });
    expect(res.status).toBe(409);
    expect(
      (await call(table, 'GET', '/v1/cycles/NONE/summary', { token: tokens.admin })).status,
    ).toBe(404);
  });
});
