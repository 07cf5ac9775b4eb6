import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentFileKeys, ConflictError, SHIPPED_FRAMEWORKS } from '#core';
import { attachmentKeys, TABLE } from '#store';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTokenTable } from '../fixtures/test-table.ts';

/** Added to the real time the file store's URLs see: moves them past their expiry. */
let urlDelay = 0;
/** Added to the real time the use cases see: moves an unattached file past its week. */
let clockDelay = 0;
let table: Awaited<ReturnType<typeof createTokenTable>>;
const tokens: Record<string, string> = {};
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const PDF = new TextEncoder().encode('%PDF-1.7\n% a national report\n%%EOF\n');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pdf = (filename = 'Rapport national.pdf', size = PDF.length) => ({
  filename,
  contentType: 'application/pdf',
  size,
});

beforeAll(async () => {
  table = await createTokenTable({
    urlTime: () => Date.now() + urlDelay,
    clock: { now: () => new Date(Date.now() + clockDelay) },
  });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  for (const entity of [
    state('FRA', 'EUROPE'),
    state('HUN', 'EUROPE'),
    budapest,
    { ...budapest, id: 'PRAGUE' },
  ]) {
    await table.entities.create(entity, { seeded: true });
  }
  const grants = {
    admin: { role: 'ADMIN' },
    organiser: { role: 'SECRETARIAT', entityId: 'BUDAPEST' },
    prague: { role: 'SECRETARIAT', entityId: 'PRAGUE' },
    french: { role: 'FOCAL_POINT', entityId: 'FRA' },
    frenchAlternate: { role: 'ALTERNATE_FOCAL_POINT', entityId: 'FRA' },
    frenchMinistry: { role: 'CONTRIBUTOR', entityId: 'FRA', contributorId: 'MOI' },
    hungarian: { role: 'FOCAL_POINT', entityId: 'HUN' },
    reader: { role: 'READER' },
  } as const;
  for (const [name, grant] of Object.entries(grants)) tokens[name] = await table.token(name, grant);
  tokens.grantless = await table.token('grantless');
  for (const id of ['DOCS', 'PUBLIC', 'KEEP']) {
    const body = {
      id,
      title: { en: 'Survey' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'BUDAPEST',
      respondents: ['FRA', 'HUN'],
      opensAt: at(-1),
      dueAt: at(30),
    };
    expect(
      (await call(table, 'POST', '/v1/cycles', { token: tokens.organiser, body })).status,
    ).toBe(201);
    await call(table, 'POST', `/v1/cycles/${id}/open`, { token: tokens.organiser });
  }
});
afterAll(() => table.drop());

/** Declares a file as `who`; returns the API's answer. */
const declare = (who: string, body: object = pdf()) =>
  call(table, 'POST', '/v1/attachments', { token: tokens[who], body });

/** Sends bytes to an upload URL with the headers it came with, as a client would. */
const put = (upload: { uploadUrl: string; headers: Record<string, string> }, bytes: Uint8Array) =>
  table.app.request(upload.uploadUrl, { method: 'PUT', headers: upload.headers, body: bytes });

/** Declares, uploads and completes a file as `who`; returns its id. */
async function uploaded(who: string, bytes = PDF, body: object = pdf()): Promise<string> {
  const declared = await declare(who, body);
  expect(declared.status, JSON.stringify(declared.body)).toBe(201);
  expect((await put(declared.body, bytes)).status).toBe(200);
  const completed = await call(
    table,
    'POST',
    `/v1/attachments/${declared.body.attachmentId}/complete`,
    { token: tokens[who] },
  );
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  return declared.body.attachmentId;
}

const read = (id: string, who?: string) =>
  call(table, 'GET', `/v1/attachments/${id}`, who ? { token: tokens[who] } : {});

describe('an attachment, locally', () => {
  it('is declared, uploaded, completed and downloaded byte for byte through the API', async () => {
    const declared = await declare('french');
    expect(declared.status).toBe(201);
    const { attachmentId, uploadUrl, headers } = declared.body;
    expect(declared.body).toMatchObject({
      attachmentId: expect.stringMatching(/^A-[0-9A-F]{16}$/),
      filename: 'Rapport national.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      status: 'PENDING',
      headers: { 'Content-Type': 'application/pdf' },
    });
    expect(declared.body.uploadedBy).toBeUndefined();
    expect(uploadUrl).toMatch(
      new RegExp(
        `^http://localhost/v1/attachments/${attachmentId}/content\\?.*expires=.*signature=`,
      ),
    );
    // Nothing to download before completion.
    expect((await read(attachmentId, 'french')).status).toBe(409);

    expect((await put(declared.body, PDF)).status).toBe(200);
    const completed = await call(table, 'POST', `/v1/attachments/${attachmentId}/complete`, {
      token: tokens.french,
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ attachmentId, status: 'COMPLETE' });
    const again = await call(table, 'POST', `/v1/attachments/${attachmentId}/complete`, {
      token: tokens.french,
    });
    expect(again.status).toBe(200);
    expect(again.body.completedAt).toBe(completed.body.completedAt);

    const found = await read(attachmentId, 'french');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      downloadUrl: expect.stringMatching(/^http:\/\/localhost\//),
      filename: 'Rapport national.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    const file = await table.app.request(found.body.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Rapport national.pdf"; filename*=UTF-8''Rapport%20national.pdf`,
    );
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    expect(headers).toEqual({ 'Content-Type': 'application/pdf' });
  });

  it('is completed by its uploader only', async () => {
    const declared = await declare('french');
    await put(declared.body, PDF);
    const path = `/v1/attachments/${declared.body.attachmentId}/complete`;
    expect((await call(table, 'POST', path, { token: tokens.hungarian })).status).toBe(403);
    expect((await call(table, 'POST', path, { token: tokens.admin })).status).toBe(403);
    expect((await call(table, 'POST', path)).status).toBe(401);
  });

  it('answers a replayed declaration with the same attachment', async () => {
    const headers = { 'Idempotency-Key': 'declare-once' };
    const first = await call(table, 'POST', '/v1/attachments', {
      token: tokens.french,
      body: pdf(),
      headers,
    });
    const replay = await call(table, 'POST', '/v1/attachments', {
      token: tokens.french,
      body: pdf(),
      headers,
    });
    expect(replay.status).toBe(201);
    expect(replay.body.attachmentId).toBe(first.body.attachmentId);
  });
});

describe('completion', () => {
  it('refuses an upload that is not there (409)', async () => {
    const declared = await declare('french');
    const res = await call(
      table,
      'POST',
      `/v1/attachments/${declared.body.attachmentId}/complete`,
      { token: tokens.french },
    );
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/uploadUrl/);
  });

  it('refuses a file of another size than declared, naming /size', async () => {
    const declared = await declare('french');
    // What the upload URL cannot let through (the length is signed), written behind its back.
    const path = join(table.fileFolder, attachmentFileKeys.upload(declared.body.attachmentId));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, PDF.subarray(0, 10));
    const res = await call(
      table,
      'POST',
      `/v1/attachments/${declared.body.attachmentId}/complete`,
      { token: tokens.french },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/size', message: expect.stringMatching(/10 bytes/) }),
    ]);
  });

  it('refuses a file that is not of its declared type, naming /contentType', async () => {
    const fake = new TextEncoder().encode('MZ this is no PDF at all');
    const declared = await declare('french', pdf('report.pdf', fake.length));
    expect((await put(declared.body, fake)).status).toBe(200);
    const res = await call(
      table,
      'POST',
      `/v1/attachments/${declared.body.attachmentId}/complete`,
      { token: tokens.french },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/contentType' })]);
    // A PNG declared as a PNG passes.
    await uploaded('french', PNG, { filename: 'map.png', contentType: 'image/png', size: 12 });
  });
});

describe('a declaration', () => {
  it('is made by those who write submissions or contributions, not by readers (403)', async () => {
    for (const who of ['organiser', 'french', 'frenchAlternate', 'frenchMinistry', 'admin'])
      expect((await declare(who)).status, who).toBe(201);
    for (const who of ['reader', 'grantless']) expect((await declare(who)).status, who).toBe(403);
    // Validation first: a reader's bad declaration is a 400, as everywhere.
    expect((await declare('reader', pdf('report.exe'))).status).toBe(400);
  });

  it('names the field at fault (400)', async () => {
    const cases: Array<[object, string]> = [
      [pdf('../../etc/passwd.pdf'), '/filename'],
      [pdf('report.exe'), '/filename'],
      [{ ...pdf(), contentType: 'application/x-msdownload' }, '/contentType'],
      [pdf('report.pdf', 0), '/size'],
      [pdf('report.pdf', 25 * 1024 * 1024 + 1), '/size'],
      [{ filename: 'report.pdf', contentType: 'application/pdf' }, '/size'],
    ];
    for (const [body, pointer] of cases) {
      const res = await declare('french', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });
});

describe('the local upload and download URLs', () => {
  it('refuse an altered or expired signature (403)', async () => {
    const declared = await declare('french');
    const url = new URL(declared.body.uploadUrl);
    const altered = (name: string, value: string) => {
      const copy = new URL(url);
      copy.searchParams.set(name, value);
      return { ...declared.body, uploadUrl: copy.toString() };
    };
    expect((await put(altered('signature', 'f'.repeat(64)), PDF)).status).toBe(403);
    expect((await put(altered('size', '999'), PDF)).status).toBe(403);
    const other = await declare('french');
    const elsewhere = declared.body.uploadUrl.replace(
      declared.body.attachmentId,
      other.body.attachmentId,
    );
    expect((await put({ ...declared.body, uploadUrl: elsewhere }, PDF)).status).toBe(403);
    urlDelay = 16 * 60_000;
    try {
      expect((await put(declared.body, PDF)).status).toBe(403);
    } finally {
      urlDelay = 0;
    }
    expect((await put(declared.body, PDF)).status).toBe(200);
  });

  it('refuse bytes of another length or type than declared (400)', async () => {
    const declared = await declare('french');
    const short = await put(declared.body, PDF.subarray(1));
    expect(short.status).toBe(400);
    const typed = await put({ ...declared.body, headers: { 'Content-Type': 'image/png' } }, PDF);
    expect(typed.status).toBe(400);
    const problem = (await typed.json()) as { errors: object[] };
    expect(problem.errors[0]).toMatchObject({
      in: 'header',
      pointer: '/Content-Type',
    });
  });

  it('serve a download for 5 minutes', async () => {
    const id = await uploaded('french');
    const { downloadUrl } = (await read(id, 'french')).body;
    urlDelay = 6 * 60_000;
    try {
      expect((await table.app.request(downloadUrl)).status).toBe(403);
    } finally {
      urlDelay = 0;
    }
    expect((await table.app.request(downloadUrl)).status).toBe(200);
    // A download URL is no upload URL.
    expect((await table.app.request(downloadUrl, { method: 'PUT', body: PDF })).status).toBe(403);
  });
});

describe('attaching', () => {
  const path = '/v1/cycles/DOCS/submissions/FRA';
  let report: string;
  let annex: string;

  it('binds what an entry and the submission name to that submission', async () => {
    report = await uploaded('french');
    annex = await uploaded('french');
    const res = await call(table, 'PUT', path, {
      token: tokens.french,
      body: {
        entries: [{ type: 'RECOMMENDATION', text: 'See the annex', attachments: [annex] }],
        attachments: [report],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.attachments).toEqual([report]);
    expect(res.body.entries[0].attachments).toEqual([annex]);
    for (const id of [report, annex]) {
      expect((await read(id, 'french')).body.attachedTo).toEqual({
        cycleId: 'DOCS',
        entityId: 'FRA',
      });
    }
  });

  it('lets another of the respondent’s writers send the attached files back', async () => {
    const current = await call(table, 'GET', path, { token: tokens.frenchAlternate });
    const res = await call(table, 'PUT', path, {
      token: tokens.frenchAlternate,
      ifMatch: `"${current.body.version}"`,
      body: {
        entries: current.body.entries,
        attachments: [report, annex],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('refuses an unknown attachment, another’s, an unfinished one, naming each place (400)', async () => {
    const hungarians = await uploaded('hungarian');
    const unfinished = (await declare('french')).body.attachmentId;
    const current = await call(table, 'GET', path, { token: tokens.french });
    const res = await call(table, 'PUT', path, {
      token: tokens.french,
      ifMatch: `"${current.body.version}"`,
      body: {
        entries: [
          { type: 'RECOMMENDATION', text: 'x', attachments: [hungarians] },
          { type: 'PRINCIPLE', text: 'y', attachments: [report, 'A-0000000000000000'] },
        ],
        attachments: [unfinished],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/attachments/0',
      '/entries/0/attachments/0',
      '/entries/1/attachments/1',
    ]);
    expect(
      res.body.errors.find((e: { pointer: string }) => e.pointer === '/attachments/0').message,
    ).toMatch(/complete/);
    // Refused: the other respondent's file stays unattached.
    expect((await read(hungarians, 'hungarian')).body.attachedTo).toBeUndefined();
  });

  it('never moves an attachment to another submission', async () => {
    const id = await uploaded('admin');
    const put = (entityId: string, version?: string) =>
      call(table, 'PUT', `/v1/cycles/DOCS/submissions/${entityId}`, {
        token: tokens.admin,
        ...(version && { ifMatch: version }),
        body: { entries: [{ type: 'PRINCIPLE', text: 'x', attachments: [id] }] },
      });
    expect((await put('HUN')).status).toBe(200);
    const current = await call(table, 'GET', path, { token: tokens.admin });
    const moved = await put('FRA', `"${current.body.version}"`);
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].pointer).toBe('/entries/0/attachments/0');
  });

  it('refuses what is not an attachment id at all, before anything else (400)', async () => {
    const res = await call(table, 'PUT', path, {
      token: tokens.french,
      ifMatch: '"1"',
      body: { entries: [{ type: 'PRINCIPLE', text: 'x', attachments: ['report.pdf'] }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/entries/0/attachments/0');
  });

  it('is read by the respondent’s people, the organiser and the admin; by no one else', async () => {
    const expected: Record<string, number> = {
      french: 200,
      frenchAlternate: 200,
      frenchMinistry: 200,
      organiser: 200,
      admin: 200,
      hungarian: 403,
      prague: 403,
      reader: 403,
    };
    const outcomes = Object.fromEntries(
      await Promise.all(
        Object.keys(expected).map(async (who) => [who, (await read(annex, who)).status] as const),
      ),
    );
    expect(outcomes).toEqual(expected);
    // Anonymous: it does not exist.
    expect((await read(annex)).status).toBe(404);
  });

  it('is read, while unattached, by its uploader and the admin only', async () => {
    const id = await uploaded('french');
    expect((await read(id, 'french')).status).toBe(200);
    expect((await read(id, 'admin')).status).toBe(200);
    expect((await read(id, 'frenchAlternate')).status).toBe(403);
    expect((await read(id, 'organiser')).status).toBe(403);
    expect((await read(id)).status).toBe(404);
    expect((await read('A-0000000000000000', 'french')).status).toBe(404);
  });
});

describe('publication', () => {
  it('opens the attachments of a public submission to anyone; never those of an aggregate-only one', async () => {
    const shared = await uploaded('french');
    const dropped = await uploaded('french');
    const kept = await uploaded('hungarian');
    const write = async (entityId: string, who: string, body: object) => {
      const res = await call(table, 'PUT', `/v1/cycles/PUBLIC/submissions/${entityId}`, {
        token: tokens[who],
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.version as number;
    };
    // France attaches one file, then drops another from its draft before submitting.
    await write('FRA', 'french', { entries: [], attachments: [dropped] });
    const rewritten = await call(table, 'PUT', '/v1/cycles/PUBLIC/submissions/FRA', {
      token: tokens.french,
      ifMatch: '"1"',
      body: {
        entries: [{ type: 'RECOMMENDATION', text: 'Read the report', attachments: [shared] }],
        visibility: 'PUBLIC_ON_PUBLISH',
      },
    });
    expect(rewritten.status).toBe(200);
    await write('HUN', 'hungarian', { entries: [], attachments: [kept] });
    for (const [entityId, who] of [
      ['FRA', 'french'],
      ['HUN', 'hungarian'],
    ] as const) {
      const submitted = await call(
        table,
        'POST',
        `/v1/cycles/PUBLIC/submissions/${entityId}/submit`,
        {
          token: tokens[who],
        },
      );
      expect(submitted.status).toBe(200);
    }
    const history = await call(table, 'GET', '/v1/cycles/PUBLIC/submissions/HUN/history', {
      token: tokens.hungarian,
    });
    expect(history.body.items[0].content.attachments).toEqual([kept]);

    expect((await read(shared)).status).toBe(404);
    await call(table, 'POST', '/v1/cycles/PUBLIC/close', { token: tokens.organiser });
    await call(table, 'POST', '/v1/cycles/PUBLIC/publish', { token: tokens.organiser });

    const open = await read(shared);
    expect(open.status).toBe(200);
    expect(open.body.downloadUrl).toBeTruthy();
    expect((await table.app.request(open.body.downloadUrl)).status).toBe(200);
    // Signed in without a right to the submission, public is public.
    expect((await read(shared, 'prague')).status).toBe(200);
    expect((await read(dropped)).status).toBe(404);
    expect((await read(kept)).status).toBe(404);
    expect((await read(kept, 'prague')).status).toBe(403);
    expect((await read(kept, 'hungarian')).status).toBe(200);
  });
});

/** The attachment's record as stored, with the table's TTL (epoch seconds) if it has one. */
const recordOf = async (id: string) => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: attachmentKeys.item(id) }),
  );
  return Item as Record<string, unknown>;
};
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('an unattached file', () => {
  const path = '/v1/cycles/KEEP/submissions/FRA';

  it('expires a day after its declaration, a week after completion, never once attached', async () => {
    const declared = await declare('french');
    const { attachmentId: id } = declared.body;
    expect((await recordOf(id))[TABLE.timeToLive]).toBe(
      seconds(declared.body.createdAt) + 24 * 3600,
    );

    expect((await put(declared.body, PDF)).status).toBe(200);
    const completed = await call(table, 'POST', `/v1/attachments/${id}/complete`, {
      token: tokens.french,
    });
    expect(completed.status).toBe(200);
    expect((await recordOf(id))[TABLE.timeToLive]).toBe(
      seconds(completed.body.completedAt) + 7 * 24 * 3600,
    );

    const attached = await call(table, 'PUT', path, {
      token: tokens.french,
      body: { entries: [], attachments: [id] },
    });
    expect(attached.status, JSON.stringify(attached.body)).toBe(200);
    const bound = await recordOf(id);
    expect(bound.attachedTo).toEqual({ cycleId: 'KEEP', entityId: 'FRA' });
    expect(bound[TABLE.timeToLive]).toBeUndefined();
    // Sent again a week later, bound for good: still fine.
    clockDelay = 8 * 86_400_000;
    try {
      const again = await call(table, 'PUT', path, {
        token: tokens.french,
        ifMatch: `"${attached.body.version}"`,
        body: { entries: [], attachments: [id] },
      });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    } finally {
      clockDelay = 0;
    }
  });

  it('can no longer be attached once its week is over, even before DynamoDB deletes it (400)', async () => {
    const id = await uploaded('hungarian');
    clockDelay = 7 * 86_400_000 + 60_000;
    try {
      const res = await call(table, 'PUT', '/v1/cycles/KEEP/submissions/HUN', {
        token: tokens.hungarian,
        body: { entries: [], attachments: [id] },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          pointer: '/attachments/0',
          message: expect.stringMatching(/upload it again/),
        }),
      ]);
    } finally {
      clockDelay = 0;
    }
    // The store refuses it as well, should a check before it ever miss the moment.
    const late = new Date(Date.now() + 7 * 86_400_000 + 60_000).toISOString();
    await expect(
      table.repositories.attachments.bind(id, { cycleId: 'KEEP', entityId: 'HUN' }, late),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await recordOf(id)).attachedTo).toBeUndefined();
    // Within its week, it still is.
    const res = await call(table, 'PUT', '/v1/cycles/KEEP/submissions/HUN', {
      token: tokens.hungarian,
      body: { entries: [], attachments: [id] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
