import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Grant, newRespondent, ROLES, SHIPPED_FRAMEWORKS } from '#core';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

/**
 * Every role x every route x its own entity and another's. The routes come from the app's own
 * OpenAPI document, so a new route without a row here fails. Expectations are written by hand.
 */

type Caller =
  | 'ADMIN'
  | 'SECRETARIAT'
  | 'FOCAL_POINT'
  | 'ALTERNATE_FOCAL_POINT'
  | 'CONTRIBUTOR'
  | 'READER'
  | 'NO_GRANT';
const EVERYONE: Caller[] = [
  'ADMIN',
  'SECRETARIAT',
  'FOCAL_POINT',
  'ALTERNATE_FOCAL_POINT',
  'CONTRIBUTOR',
  'READER',
  'NO_GRANT',
];
const everyone = { own: EVERYONE, other: EVERYONE };
const admin = { own: ['ADMIN'], other: ['ADMIN'] } as const;
const ownedBy = (...roles: Caller[]) => ({
  own: ['ADMIN', ...roles] as Caller[],
  other: ['ADMIN'] as Caller[],
});

/** Who may call each route on its own entity, and on another's. */
const EXPECTED: Record<string, { own: readonly Caller[]; other: readonly Caller[] }> = {
  'GET /v1/frameworks': everyone,
  'GET /v1/frameworks/{id}': everyone,
  'GET /v1/regions': everyone,
  'GET /v1/me': everyone,
  'GET /v1/entities': everyone,
  'GET /v1/entities/{id}': everyone,
  'GET /v1/entities/{id}/memberships': everyone,
  'GET /v1/commitments': everyone,
  'GET /v1/commitments/{id}': everyone,
  'POST /v1/entities': admin,
  'DELETE /v1/entities/{id}': admin,
  'POST /v1/users': admin,
  /** Bulk imports are the admin's alone. */
  'POST /v1/import': admin,
  'PUT /v1/entities/{id}': ownedBy('SECRETARIAT'),
  'PUT /v1/entities/{id}/members': ownedBy('SECRETARIAT'),
  'GET /v1/entities/{id}/contacts': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'PUT /v1/entities/{id}/contacts': ownedBy('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT'),
  'GET /v1/entities/{id}/users': ownedBy('SECRETARIAT', 'FOCAL_POINT'),
  'POST /v1/entities/{id}/users': ownedBy('SECRETARIAT', 'FOCAL_POINT'),
  'DELETE /v1/entities/{id}/users/{sub}': ownedBy('SECRETARIAT', 'FOCAL_POINT'),
  'POST /v1/commitments': ownedBy('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT'),
  'PATCH /v1/commitments/{id}': ownedBy('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT'),
  'DELETE /v1/commitments/{id}': ownedBy('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT'),
  'GET /v1/series': everyone,
  'GET /v1/series/{id}': everyone,
  /** A series of the caller's own body, or another's (a state's roles get another body's). */
  'POST /v1/series': ownedBy('SECRETARIAT'),
  'PATCH /v1/series/{id}': ownedBy('SECRETARIAT'),
  'GET /v1/cycles': everyone,
  'GET /v1/cycles/{id}': everyone,
  'GET /v1/cycles/{id}/respondents': everyone,
  'POST /v1/cycles': ownedBy('SECRETARIAT'),
  'PATCH /v1/cycles/{id}': ownedBy('SECRETARIAT'),
  'POST /v1/cycles/{id}/open': ownedBy('SECRETARIAT'),
  'POST /v1/cycles/{id}/close': ownedBy('SECRETARIAT'),
  'POST /v1/cycles/{id}/publish': ownedBy('SECRETARIAT'),
  'POST /v1/cycles/{id}/cancel': ownedBy('SECRETARIAT'),
  'POST /v1/cycles/{id}/respondents': ownedBy('SECRETARIAT'),
  'PATCH /v1/cycles/{id}/respondents/{entityId}': ownedBy('SECRETARIAT'),
  'GET /v1/cycles/{id}/submissions/{entityId}': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'GET /v1/cycles/{id}/submissions/{entityId}/history': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'PUT /v1/cycles/{id}/submissions/{entityId}': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
  ),
  'POST /v1/cycles/{id}/submissions/{entityId}/submit': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
  ),
  'POST /v1/cycles/{id}/submissions/{entityId}/prefill': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
  ),
  'POST /v1/cycles/{id}/submissions/{entityId}/confirm': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
  ),
  'GET /v1/cycles/{id}/submissions/{entityId}/diff': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  /** Contributions: the focal points, and the contributor itself (MOI, invited here). */
  'GET /v1/cycles/{id}/submissions/{entityId}/contributions': ownedBy(
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'GET /v1/cycles/{id}/submissions/{entityId}/contributions/{contributorId}': ownedBy(
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'PUT /v1/cycles/{id}/submissions/{entityId}/contributions/{contributorId}': ownedBy(
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'POST /v1/cycles/{id}/submissions/{entityId}/merge': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
  ),
  /** Reviews are the organiser's: here the cycle is organised by the caller's own body, or another's. */
  'POST /v1/cycles/{id}/submissions/{entityId}/review': ownedBy('SECRETARIAT'),
  /** The outbox of a cycle organised by the caller's own body, or another's. */
  'GET /v1/outbox': ownedBy('SECRETARIAT'),
  /**
   * An unpublished cycle's rollup: its organiser's secretariat, a body's secretariat for its
   * members, a respondent's people for itself (the request names the caller's entity's scope).
   */
  'GET /v1/cycles/{id}/rollup': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'GET /v1/cycles/{id}/rollup/scopes': ownedBy('SECRETARIAT'),
  /** The summary reads the global rollup: the organiser's, before publication. */
  'GET /v1/cycles/{id}/summary': ownedBy('SECRETARIAT'),
  /** Rollup exports list the scopes the caller may read: here none exist yet, so the organiser's. */
  'GET /v1/cycles/{id}/rollup.csv': ownedBy('SECRETARIAT'),
  'GET /v1/cycles/{id}/rollup.xlsx': ownedBy('SECRETARIAT'),
  /** Submission exports: those who may read the respondent's submission (the caller's entity). */
  'GET /v1/cycles/{id}/submissions.csv': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  'GET /v1/cycles/{id}/submissions.xlsx': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  /**
   * Those who write what files attach to (a submission, a contribution) declare one, whatever
   * entity they hold their role for: the request names none. Readers and grantless users do not.
   */
  'POST /v1/attachments': {
    own: ['ADMIN', 'SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR'],
    other: ['ADMIN', 'SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR'],
  },
  /** Its uploader alone completes it: here it is another user's upload, so no one may. */
  'POST /v1/attachments/{id}/complete': { own: [], other: [] },
  /** Attached to a respondent's draft: those who may read the submission. */
  'GET /v1/attachments/{id}': ownedBy(
    'SECRETARIAT',
    'FOCAL_POINT',
    'ALTERNATE_FOCAL_POINT',
    'CONTRIBUTOR',
  ),
  /** Local runtime only, S3's part: the URL's signature is the credential, whoever sends it. */
  'PUT /v1/attachments/{id}/content': everyone,
  'GET /v1/attachments/{id}/content': everyone,
};

/** Each caller's own entity and another of the same kind. */
const GRANTS: Record<Caller, { grant?: Grant; own: string; other: string }> = {
  ADMIN: { grant: { role: 'ADMIN' }, own: 'FRA', other: 'DEU' },
  SECRETARIAT: {
    grant: { role: 'SECRETARIAT', entityId: 'BUDAPEST' },
    own: 'BUDAPEST',
    other: 'PRAGUE',
  },
  FOCAL_POINT: { grant: { role: 'FOCAL_POINT', entityId: 'FRA' }, own: 'FRA', other: 'DEU' },
  ALTERNATE_FOCAL_POINT: {
    grant: { role: 'ALTERNATE_FOCAL_POINT', entityId: 'FRA' },
    own: 'FRA',
    other: 'DEU',
  },
  CONTRIBUTOR: {
    grant: { role: 'CONTRIBUTOR', entityId: 'FRA', contributorId: 'MOI' },
    own: 'FRA',
    other: 'DEU',
  },
  READER: { grant: { role: 'READER' }, own: 'FRA', other: 'DEU' },
  NO_GRANT: { own: 'FRA', other: 'DEU' },
};

let table: Awaited<ReturnType<typeof createTokenTable>>;
let sequence = 0;
const next = () => ++sequence;

beforeAll(async () => {
  table = await createTokenTable();
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    state('FRA', 'EUROPE'),
    state('DEU', 'EUROPE'),
    budapest,
    { ...budapest, id: 'PRAGUE' },
    { id: 'IOM', kind: 'IGO' as const, names: { en: 'IOM' }, regions: [], members: [] },
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
});
afterAll(() => table.drop());

const isState = (id: string) => id.length === 3;
const version = async (path: string) => {
  const res = await call(table, 'GET', path, {
    token: await table.token('matrix-admin', { role: 'ADMIN' }),
  });
  return `"${res.body.version ?? 0}"`;
};
/** A commitment of `owner`, written straight to the store so every call has its own. */
const commitmentOf = async (owner: string) => {
  const id = `C-M${next()}`;
  await table.repositories.commitments.create(
    {
      id,
      owner,
      coOwners: [],
      title: { en: 'x' },
      tags: {},
      sdgTargets: [],
      partners: [],
      indicators: [],
      level: 'NATIONAL',
      version: 1,
    },
    [],
  );
  return id;
};

/** A cycle organised by `e` (a state's roles get another body's: states organise nothing), in `status`. */
const cycleOf = async (e: string, status: 'DRAFT' | 'OPEN' | 'CLOSED') => {
  const id = `CYCLE-M${next()}`;
  const day = 86_400_000;
  await table.repositories.cycles.create({
    id,
    title: { en: 'x' },
    kind: 'REVIEW',
    frameworkId: 'gcm-2018',
    organiser: isState(e) ? 'PRAGUE' : e,
    respondents: ['FRA'],
    scope: null,
    opensAt: new Date(Date.now() - day).toISOString(),
    dueAt: new Date(Date.now() + 30 * day).toISOString(),
    locksAt: null,
    reminders: { beforeDueDays: [7], escalateAfterDays: [3] },
    languages: ['en', 'fr'],
    recurring: { threshold: 0.5, base: 'ASKED' },
    seriesId: null,
    previousCycleId: null,
    status,
    version: 1,
  });
  if (status === 'OPEN') {
    await table.repositories.cycles.addRespondent(
      newRespondent(id, { entityId: 'FRA', kind: 'STATE', regions: ['EUROPE'], memberOf: [] }),
    );
  }
  return id;
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * An open cycle organised by `organiser` that `respondent` answers, with its submission in
 * `status`, set up through the API by an administrator.
 */
const submissionOf = async (
  respondent: string,
  organiser: string,
  status: 'NONE' | 'DRAFT' | 'SUBMITTED',
) => {
  const admin = await table.token('matrix-admin', { role: 'ADMIN' });
  const id = `SUB-M${next()}`;
  const body = {
    id,
    title: { en: 'x' },
    kind: 'CONSULTATION',
    frameworkId: 'nyd-2016',
    organiser,
    respondents: [respondent],
    opensAt: inDays(-1),
    dueAt: inDays(30),
  };
  const made = await call(table, 'POST', '/v1/cycles', { token: admin, body });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await call(table, 'POST', `/v1/cycles/${id}/open`, { token: admin });
  const path = `/v1/cycles/${id}/submissions/${respondent}`;
  if (status !== 'NONE') await call(table, 'PUT', path, { token: admin, body: { entries: [] } });
  if (status === 'SUBMITTED') await call(table, 'POST', `${path}/submit`, { token: admin });
  return path;
};

/** Exports only read: one cycle per entity serves every caller and both formats. */
const exportCycles = new Map<string, Promise<string>>();
const exportCycle = (key: string, make: () => Promise<string>) => {
  const made = exportCycles.get(key) ?? make();
  exportCycles.set(key, made);
  return made;
};
/** The rollup export of an open cycle organised by `e` (another body, for a state's roles). */
const rollupExportOf = async (e: string, format: 'csv' | 'xlsx') =>
  `/v1/cycles/${await exportCycle(`rollup ${e}`, () => cycleOf(e, 'OPEN'))}/rollup.${format}`;
/** The submissions export of an open cycle organised by IOM that `e` answers. */
const submissionsExportOf = async (e: string, format: 'csv' | 'xlsx') => {
  const submission = await exportCycle(`submissions ${e}`, () => submissionOf(e, 'IOM', 'NONE'));
  return `${submission.replace(/\/[^/]+$/, '')}.${format}`;
};

const SERIES_TEMPLATE = {
  title: { en: 'x' },
  kind: 'CONSULTATION',
  frameworkId: 'nyd-2016',
  respondents: ['FRA'],
};
/** A series organised by `e` (a state's roles get another body's), written straight to the store. */
const seriesOf = async (e: string) => {
  const id = `SERIES-M${next()}`;
  await table.repositories.series.create({
    id,
    template: {
      ...SERIES_TEMPLATE,
      kind: 'CONSULTATION',
      organiser: isState(e) ? 'PRAGUE' : e,
      scope: null,
      reminders: { beforeDueDays: [7], escalateAfterDays: [3] },
      languages: ['en'],
    },
    rule: null,
    lastCycleId: null,
    createdAt: new Date().toISOString(),
    version: 1,
  });
  return id;
};

/** A submission path (no draft yet) whose respondent invited the contributor MOI. */
const contributionOf = async (respondent: string) => {
  const path = await submissionOf(respondent, 'IOM', 'NONE');
  const admin = await table.token('matrix-admin', { role: 'ADMIN' });
  const invited = await call(table, 'PUT', `${path}/contributions/MOI`, {
    token: admin,
    body: { entries: [] },
  });
  expect(invited.status).toBe(201);
  return path;
};

const PDF = '%PDF-1.7 matrix';
/** An attachment declared by the administrator, with the URL to upload it to. */
const declaredAttachment = async () => {
  const admin = await table.token('matrix-admin', { role: 'ADMIN' });
  const declared = await call(table, 'POST', '/v1/attachments', {
    token: admin,
    body: { filename: 'm.pdf', contentType: 'application/pdf', size: PDF.length },
  });
  expect(declared.status).toBe(201);
  return declared.body as { attachmentId: string; uploadUrl: string };
};
/** An attachment uploaded and completed by the administrator; its download URL. */
const downloadableAttachment = async () => {
  const admin = await table.token('matrix-admin', { role: 'ADMIN' });
  const { attachmentId, uploadUrl } = await declaredAttachment();
  const headers = { 'content-type': 'application/pdf' };
  await call(table, 'PUT', uploadUrl, { body: PDF, headers });
  await call(table, 'POST', `/v1/attachments/${attachmentId}/complete`, { token: admin });
  const read = await call(table, 'GET', `/v1/attachments/${attachmentId}`, { token: admin });
  expect(read.status).toBe(200);
  return read.body.downloadUrl as string;
};
/** A complete attachment on `respondent`'s submission, written straight to the store. */
const attachmentOf = async (respondent: string) => {
  const cycleId = (await submissionOf(respondent, 'IOM', 'NONE')).split('/')[3] as string;
  const id = `A-${String(next()).padStart(16, '0')}`;
  await table.repositories.attachments.create({
    id,
    filename: 'm.pdf',
    contentType: 'application/pdf',
    size: 1,
    status: 'COMPLETE',
    uploadedBy: 'matrix-admin',
    createdAt: new Date().toISOString(),
    attachedTo: { cycleId, entityId: respondent },
  });
  return id;
};

/** A request that passes validation, for each route, on entity `e`. */
const REQUESTS: Record<
  string,
  (
    e: string,
  ) => Promise<
    [string, string, { body?: unknown; ifMatch?: string; headers?: Record<string, string> }]
  >
> = {
  'GET /v1/frameworks': async () => ['GET', '/v1/frameworks', {}],
  'GET /v1/frameworks/{id}': async () => ['GET', '/v1/frameworks/nyd-2016', {}],
  'GET /v1/regions': async () => ['GET', '/v1/regions', {}],
  'GET /v1/me': async () => ['GET', '/v1/me', {}],
  'GET /v1/entities': async () => ['GET', '/v1/entities', {}],
  'GET /v1/entities/{id}': async (e) => ['GET', `/v1/entities/${e}`, {}],
  'GET /v1/entities/{id}/memberships': async (e) => ['GET', `/v1/entities/${e}/memberships`, {}],
  'GET /v1/commitments': async () => ['GET', '/v1/commitments', {}],
  'GET /v1/commitments/{id}': async (e) => ['GET', `/v1/commitments/${await commitmentOf(e)}`, {}],
  'POST /v1/entities': async () => [
    'POST',
    '/v1/entities',
    { body: { id: `NGO-M${next()}`, kind: 'NON_STATE', names: { en: 'x' } } },
  ],
  'DELETE /v1/entities/{id}': async (e) => ['DELETE', `/v1/entities/${e}`, {}],
  'POST /v1/import': async () => [
    'POST',
    '/v1/import',
    { body: { entities: [{ id: `NGO-I${next()}`, kind: 'NON_STATE', names: { en: 'x' } }] } },
  ],
  'POST /v1/users': async () => [
    'POST',
    '/v1/users',
    { body: { email: `reader${next()}@example.org`, role: 'READER' } },
  ],
  'PUT /v1/entities/{id}': async (e) => [
    'PUT',
    `/v1/entities/${e}`,
    {
      body: isState(e)
        ? { kind: 'STATE', names: { en: e, fr: e }, regions: ['EUROPE'] }
        : { ...budapest, id: e },
      ifMatch: await version(`/v1/entities/${e}`),
    },
  ],
  'PUT /v1/entities/{id}/members': async (e) => [
    'PUT',
    `/v1/entities/${e}/members`,
    { body: { members: [] }, ifMatch: await version(`/v1/entities/${e}`) },
  ],
  'GET /v1/entities/{id}/contacts': async (e) => ['GET', `/v1/entities/${e}/contacts`, {}],
  'PUT /v1/entities/{id}/contacts': async (e) => [
    'PUT',
    `/v1/entities/${e}/contacts`,
    {
      body: {
        items: [
          {
            role: isState(e) ? 'FOCAL_POINT' : 'SECRETARIAT',
            name: 'N',
            email: 'n@example.org',
            language: 'fr',
          },
        ],
      },
      ifMatch: await version(`/v1/entities/${e}/contacts`),
    },
  ],
  'GET /v1/entities/{id}/users': async (e) => ['GET', `/v1/entities/${e}/users`, {}],
  'POST /v1/entities/{id}/users': async (e) => [
    'POST',
    `/v1/entities/${e}/users`,
    {
      body: isState(e)
        ? { email: `c${next()}@example.org`, role: 'CONTRIBUTOR', contributorId: 'MOI' }
        : { email: `s${next()}@example.org`, role: 'SECRETARIAT' },
    },
  ],
  'DELETE /v1/entities/{id}/users/{sub}': async (e) => [
    'DELETE',
    `/v1/entities/${e}/users/nobody`,
    {},
  ],
  'POST /v1/commitments': async (e) => [
    'POST',
    '/v1/commitments',
    { body: { owner: e, title: { en: 'A commitment' } } },
  ],
  'PATCH /v1/commitments/{id}': async (e) => [
    'PATCH',
    `/v1/commitments/${await commitmentOf(e)}`,
    { body: { title: { en: 'y' } }, ifMatch: '"1"' },
  ],
  'GET /v1/series': async () => ['GET', '/v1/series', {}],
  'GET /v1/series/{id}': async (e) => ['GET', `/v1/series/${await seriesOf(e)}`, {}],
  'POST /v1/series': async (e) => [
    'POST',
    '/v1/series',
    {
      body: {
        id: `SERIES-N${next()}`,
        template: { ...SERIES_TEMPLATE, organiser: isState(e) ? 'PRAGUE' : e },
      },
    },
  ],
  'PATCH /v1/series/{id}': async (e) => [
    'PATCH',
    `/v1/series/${await seriesOf(e)}`,
    { body: { rule: null }, ifMatch: '"1"' },
  ],
  'GET /v1/cycles': async () => ['GET', '/v1/cycles', {}],
  'GET /v1/cycles/{id}': async (e) => ['GET', `/v1/cycles/${await cycleOf(e, 'DRAFT')}`, {}],
  'GET /v1/cycles/{id}/respondents': async (e) => [
    'GET',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/respondents`,
    {},
  ],
  'POST /v1/cycles': async (e) => [
    'POST',
    '/v1/cycles',
    {
      body: {
        id: `CYCLE-N${next()}`,
        title: { en: 'x' },
        kind: 'CONSULTATION',
        frameworkId: 'nyd-2016',
        organiser: isState(e) ? 'PRAGUE' : e,
        respondents: ['FRA'],
        opensAt: inDays(1),
        dueAt: inDays(30),
      },
    },
  ],
  'PATCH /v1/cycles/{id}': async (e) => [
    'PATCH',
    `/v1/cycles/${await cycleOf(e, 'DRAFT')}`,
    { body: { title: { en: 'y' } }, ifMatch: '"1"' },
  ],
  'POST /v1/cycles/{id}/open': async (e) => [
    'POST',
    `/v1/cycles/${await cycleOf(e, 'DRAFT')}/open`,
    {},
  ],
  'POST /v1/cycles/{id}/close': async (e) => [
    'POST',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/close`,
    {},
  ],
  'POST /v1/cycles/{id}/publish': async (e) => [
    'POST',
    `/v1/cycles/${await cycleOf(e, 'CLOSED')}/publish`,
    {},
  ],
  'POST /v1/cycles/{id}/cancel': async (e) => [
    'POST',
    `/v1/cycles/${await cycleOf(e, 'DRAFT')}/cancel`,
    {},
  ],
  'POST /v1/cycles/{id}/respondents': async (e) => [
    'POST',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/respondents`,
    { body: { entityId: 'DEU' } },
  ],
  'PATCH /v1/cycles/{id}/respondents/{entityId}': async (e) => [
    'PATCH',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/respondents/FRA`,
    { body: { dueAt: inDays(40) } },
  ],
  'GET /v1/cycles/{id}/submissions/{entityId}': async (e) => [
    'GET',
    await submissionOf(e, 'IOM', 'DRAFT'),
    {},
  ],
  'GET /v1/cycles/{id}/submissions/{entityId}/history': async (e) => [
    'GET',
    `${await submissionOf(e, 'IOM', 'SUBMITTED')}/history`,
    {},
  ],
  'PUT /v1/cycles/{id}/submissions/{entityId}': async (e) => [
    'PUT',
    await submissionOf(e, 'IOM', 'NONE'),
    { body: { entries: [] } },
  ],
  'POST /v1/cycles/{id}/submissions/{entityId}/submit': async (e) => [
    'POST',
    `${await submissionOf(e, 'IOM', 'DRAFT')}/submit`,
    {},
  ],
  // The cycles here follow none: pre-fill and diff meet 409 once the caller is let through.
  'POST /v1/cycles/{id}/submissions/{entityId}/prefill': async (e) => [
    'POST',
    `${await submissionOf(e, 'IOM', 'NONE')}/prefill`,
    {},
  ],
  'POST /v1/cycles/{id}/submissions/{entityId}/confirm': async (e) => [
    'POST',
    `${await submissionOf(e, 'IOM', 'DRAFT')}/confirm`,
    { body: { entryIds: [] } },
  ],
  'GET /v1/cycles/{id}/submissions/{entityId}/diff': async (e) => [
    'GET',
    `${await submissionOf(e, 'IOM', 'DRAFT')}/diff`,
    {},
  ],
  'GET /v1/cycles/{id}/submissions/{entityId}/contributions': async (e) => [
    'GET',
    `${await contributionOf(e)}/contributions`,
    {},
  ],
  'GET /v1/cycles/{id}/submissions/{entityId}/contributions/{contributorId}': async (e) => [
    'GET',
    `${await contributionOf(e)}/contributions/MOI`,
    {},
  ],
  'PUT /v1/cycles/{id}/submissions/{entityId}/contributions/{contributorId}': async (e) => [
    'PUT',
    `${await contributionOf(e)}/contributions/MOI`,
    { body: { entries: [], ready: true }, ifMatch: '"1"' },
  ],
  'POST /v1/cycles/{id}/submissions/{entityId}/merge': async (e) => [
    'POST',
    `${await contributionOf(e)}/merge`,
    { body: { contributorId: 'MOI' } },
  ],
  'POST /v1/cycles/{id}/submissions/{entityId}/review': async (e) => [
    'POST',
    `${await submissionOf('FRA', isState(e) ? 'PRAGUE' : e, 'SUBMITTED')}/review`,
    { body: { decision: 'ACCEPT' } },
  ],
  'GET /v1/outbox': async (e) => ['GET', `/v1/outbox?cycleId=${await cycleOf(e, 'OPEN')}`, {}],
  'GET /v1/cycles/{id}/rollup': async (e) => [
    'GET',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/rollup?scope=${isState(e) ? 'entity' : 'members'}:${e}`,
    {},
  ],
  'GET /v1/cycles/{id}/summary': async (e) => [
    'GET',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/summary`,
    {},
  ],
  'GET /v1/cycles/{id}/rollup.csv': async (e) => ['GET', await rollupExportOf(e, 'csv'), {}],
  'GET /v1/cycles/{id}/rollup.xlsx': async (e) => ['GET', await rollupExportOf(e, 'xlsx'), {}],
  'GET /v1/cycles/{id}/submissions.csv': async (e) => [
    'GET',
    await submissionsExportOf(e, 'csv'),
    {},
  ],
  'GET /v1/cycles/{id}/submissions.xlsx': async (e) => [
    'GET',
    await submissionsExportOf(e, 'xlsx'),
    {},
  ],
  'GET /v1/cycles/{id}/rollup/scopes': async (e) => [
    'GET',
    `/v1/cycles/${await cycleOf(e, 'OPEN')}/rollup/scopes`,
    {},
  ],
  'POST /v1/attachments': async () => [
    'POST',
    '/v1/attachments',
    { body: { filename: 'm.pdf', contentType: 'application/pdf', size: 10 } },
  ],
  'POST /v1/attachments/{id}/complete': async () => [
    'POST',
    `/v1/attachments/${(await declaredAttachment()).attachmentId}/complete`,
    {},
  ],
  'GET /v1/attachments/{id}': async (e) => ['GET', `/v1/attachments/${await attachmentOf(e)}`, {}],
  'PUT /v1/attachments/{id}/content': async () => [
    'PUT',
    (await declaredAttachment()).uploadUrl,
    { body: PDF, headers: { 'content-type': 'application/pdf' } },
  ],
  'GET /v1/attachments/{id}/content': async () => ['GET', await downloadableAttachment(), {}],
  'DELETE /v1/commitments/{id}': async (e) => [
    'DELETE',
    `/v1/commitments/${await commitmentOf(e)}`,
    {},
  ],
};

describe('the authorisation matrix', () => {
  it('has an expectation and a request for every route the app serves', async () => {
    const document = (await call(table, 'GET', '/openapi.json')).body;
    const routes = Object.entries(document.paths as Record<string, object>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter(
        (route) =>
          !route.includes('/dev/') &&
          !route.includes('/.well-known/') &&
          !route.includes('/published/'),
      );
    expect(routes.filter((route) => !(route in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).sort()).toEqual(routes.sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(routes.sort());
  });

  for (const route of Object.keys(EXPECTED)) {
    it(`${route}: 403 exactly for those the policy leaves out`, async () => {
      const outcomes: string[] = [];
      for (const caller of EVERYONE) {
        const { grant, own, other } = GRANTS[caller];
        // NO_GRANT: a valid token whose user holds nothing and whose token claims nothing.
        const bearer = await table.token(`user-${caller}`, grant);
        for (const [target, entity] of [
          ['own', own],
          ['other', other],
        ] as const) {
          const [method, path, options] = await (
            REQUESTS[route] as NonNullable<(typeof REQUESTS)[string]>
          )(entity);
          const res = await call(table, method, path, { ...options, token: bearer });
          const allowed = (EXPECTED[route]?.[target] ?? []).includes(caller);
          // Allowed calls must succeed, or meet the resource's own state (404, 409), never 4xx for input or 5xx.
          const fine = allowed
            ? [200, 201, 204, 404, 409].includes(res.status)
            : res.status === 403;
          if (!fine) {
            outcomes.push(
              `${caller} on ${target} ${entity}: ${res.status} ${JSON.stringify(res.body?.detail ?? '')}`,
            );
          }
        }
      }
      expect(outcomes).toEqual([]);
    });
  }
});

/** The roles the matrix covers are every role there is. */
it('covers every role', () => {
  expect(ROLES.filter((role) => !(role in GRANTS))).toEqual([]);
});
