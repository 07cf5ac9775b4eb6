import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClosingCounts, maskEmails, type Notice } from '#core';
import { startLocalRuntime } from './runtime.ts';

/**
 * An accelerated reporting round, end to end, on its own in-memory runtime: a cycle over five
 * states, run by the review workflow on a clock where a day passes every second. One state
 * submits on time, one late after its reminders, one is returned and resubmits, two never do.
 * Then the next cycle of the same series: France pre-fills from its first report, merges its
 * interior ministry's contribution, and reads the difference.
 */

const DAY_MS = 86_400_000;
const SERIES_ID = 'DEMO-SERIES';
const CYCLE_ID = 'DEMO-ROUND';
const NEXT_CYCLE_ID = 'DEMO-ROUND-2';

export interface DemoOptions {
  /** Cleared, then filled with outbox.json, summary.json and README.md. */
  outputDir: string;
  /** Simulated seconds per real second; 86400 (a day a second) by default. */
  timeScale?: number;
  log?: (line: string) => void;
}

export interface DemoResult {
  cycleId: string;
  counts: ClosingCounts;
  notices: Notice[];
  /** Headline figures and recommendations per objective, for three scopes. */
  rollups: Record<
    string,
    {
      asked: number;
      responded: number;
      onTime: number;
      late: number;
      missing: number;
      recommendations: Record<string, number>;
    }
  >;
  respondents: Array<{
    entityId: string;
    status: string;
    submittedAt: string | null;
    missing: boolean;
  }>;
  /** The next cycle of the series: France's report built on its first, with a ministry's part. */
  nextCycle: {
    cycleId: string;
    previousCycleId: string | null;
    entries: Array<{
      id: string;
      type: string;
      carriedForward?: boolean;
      fromContribution?: string;
    }>;
    diff: {
      previousCycleId: string;
      added: string[];
      removed: string[];
      changed: Array<{ id: string; fields: string[] }>;
      unchanged: number;
    };
  };
  timeline: string[];
  stateTransitions: number;
  wallSeconds: number;
}

const STATES = {
  FRA: { name: 'Marie Dupont', email: 'marie.dupont@example.org', language: 'fr' },
  DEU: { name: 'Jonas Weber', email: 'jonas.weber@example.org', language: 'en' },
  ITA: { name: 'Giulia Rossi', email: 'giulia.rossi@example.org', language: 'en' },
  HUN: { name: 'Anna Kovács', email: 'anna.kovacs@example.org', language: 'en' },
  AUT: { name: 'Eva Huber', email: 'eva.huber@example.org', language: 'en' },
} as const;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const scale = options.timeScale ?? 86_400;
  const log = options.log ?? (() => {});
  const timeline: string[] = [];
  let dayNow = () => 0;
  const runtime = await startLocalRuntime({
    port: 0,
    timeScale: scale,
    // Locally, delivering is printing: each notice as it goes out, addresses masked.
    delivery: {
      async deliver(notice) {
        log(
          maskEmails(
            `day ${dayNow().toFixed(1).padStart(4)}    -> ${notice.kind} to ${notice.to}: ${notice.subject}`,
          ),
        );
        return 'SENT';
      },
    },
  });
  try {
    const api = client(runtime.apiUrl);
    const admin = await api.token({ sub: 'demo-admin', role: 'ADMIN' });
    const organiser = await api.token({
      sub: 'demo-budapest',
      role: 'SECRETARIAT',
      entityId: 'BUDAPEST',
    });
    // Contacts: a focal point each; France has an alternate and its interior ministry (a
    // contributor to its reports), the organiser a secretariat.
    for (const [id, person] of Object.entries(STATES)) {
      const items = [
        { role: 'FOCAL_POINT', ...person },
        ...(id === 'FRA'
          ? [
              {
                role: 'ALTERNATE_FOCAL_POINT',
                name: 'Paul Martin',
                email: 'paul.martin@example.org',
                language: 'fr',
              },
              {
                role: 'CONTRIBUTOR',
                contributorId: 'MOI',
                name: "Ministère de l'Intérieur",
                email: 'dgef@interieur.example.org',
                language: 'fr',
              },
            ]
          : []),
      ];
      await api.send('PUT', `/v1/entities/${id}/contacts`, admin, { items });
    }
    await api.send('PUT', '/v1/entities/BUDAPEST/contacts', admin, {
      items: [
        {
          role: 'SECRETARIAT',
          name: 'Budapest Process secretariat',
          email: 'secretariat@example.org',
          language: 'en',
        },
      ],
    });

    // The Budapest Process's secretariat lists four of them as its members (not Italy).
    const budapest = await api.send('GET', '/v1/entities/BUDAPEST', admin);
    await api.send(
      'PUT',
      '/v1/entities/BUDAPEST/members',
      admin,
      { members: ['FRA', 'DEU', 'HUN', 'AUT'] },
      [200],
      budapest.etag,
    );

    // Day 0 is now: the cycle opens at once.
    const opening = runtime.clock.now();
    const dayOf = (date: Date) => (date.getTime() - opening.getTime()) / DAY_MS;
    dayNow = () => dayOf(runtime.clock.now());
    const at = (days: number) => new Date(opening.getTime() + days * DAY_MS).toISOString();
    const note = (line: string) => {
      const entry = `day ${dayOf(runtime.clock.now()).toFixed(1).padStart(4)}  ${line}`;
      timeline.push(entry);
      log(entry);
    };
    /** Sleeps until the cycle's clock shows `days` after opening. */
    const until = async (days: number) => {
      const wait = (opening.getTime() + days * DAY_MS - runtime.clock.now().getTime()) / scale;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    };

    const template = {
      title: { en: 'Budapest Process review (demo)', fr: 'Examen du Processus de Budapest (démo)' },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      respondents: Object.keys(STATES),
      reminders: { beforeDueDays: [5, 1], escalateAfterDays: [2, 4] },
    };
    // A series without a rule: its cycles are made by hand, each following the last.
    await api.send('POST', '/v1/series', organiser, { id: SERIES_ID, template });
    await api.send('POST', '/v1/cycles', organiser, {
      ...template,
      id: CYCLE_ID,
      seriesId: SERIES_ID,
      opensAt: at(0),
      dueAt: at(10),
    });
    note(
      `${CYCLE_ID} opens: 5 states asked, due on day 10; reminders 5 and 1 days before, escalations 2 and 4 days after`,
    );
    await api.send('POST', `/v1/cycles/${CYCLE_ID}/open`, organiser);

    const focal = async (entityId: string) =>
      api.token({ sub: `demo-${entityId.toLowerCase()}`, role: 'FOCAL_POINT', entityId });
    const submit = async (entityId: string, text: string, tags: string[]) => {
      const token = await focal(entityId);
      const path = `/v1/cycles/${CYCLE_ID}/submissions/${entityId}`;
      const current = await api.send('GET', path, token, undefined, [200, 404]);
      await api.send(
        'PUT',
        path,
        token,
        { entries: [{ type: 'RECOMMENDATION', text, tags }] },
        [200, 201],
        current.etag,
      );
      await api.send('POST', `${path}/submit`, token);
    };

    await until(1);
    await submit('FRA', 'Bring the data on returns of three ministries together.', ['1', '21']);
    note('FRA submits (on time)');
    await until(2);
    await submit('ITA', 'Coordinate reception across regions.', []);
    note('ITA submits');
    await until(3);
    await api.send('POST', `/v1/cycles/${CYCLE_ID}/submissions/ITA/review`, organiser, {
      decision: 'RETURN',
      comment: 'Please say which objectives this covers.',
    });
    note('the organiser returns ITA, asking for more');
    await until(7);
    await submit('ITA', 'Coordinate reception across regions.', ['12', '21']);
    note('ITA resubmits');
    await until(11);
    await submit('DEU', 'Skills partnerships with two countries of origin.', ['18']);
    note('DEU submits (late, after its reminders)');

    // The workflow closes the cycle on day 15 (due date + last escalation + 1 day).
    let cycle = await api.send('GET', `/v1/cycles/${CYCLE_ID}`, organiser);
    while (cycle.body.status === 'OPEN') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      cycle = await api.send('GET', `/v1/cycles/${CYCLE_ID}`, organiser);
    }
    await runtime.workflows.finished(CYCLE_ID);
    note(`the review workflow closes ${CYCLE_ID}`);

    const nextCycle = await runNextCycle(api, {
      organiser,
      focal: await focal('FRA'),
      template,
      at,
      note,
    });

    const notices = await api.outbox(CYCLE_ID, organiser);
    // The rollups, final since the close: by process, by region, globally.
    const rollups: DemoResult['rollups'] = {};
    for (const scope of ['members:BUDAPEST', 'region:EUROPE', 'global']) {
      const { body } = await api.send(
        'GET',
        `/v1/cycles/${CYCLE_ID}/rollup?scope=${scope}`,
        organiser,
      );
      rollups[scope] = {
        asked: body.asked,
        responded: body.responded,
        onTime: body.onTime,
        late: body.late,
        missing: body.missing,
        recommendations: Object.fromEntries(
          Object.entries(body.items as Record<string, { RECOMMENDATION: { count: number } }>)
            .filter(([, counts]) => counts.RECOMMENDATION.count > 0)
            .map(([id, counts]) => [id, counts.RECOMMENDATION.count]),
        ),
      };
    }
    const respondents = (
      await api.send('GET', `/v1/cycles/${CYCLE_ID}/respondents?limit=500`, organiser)
    ).body.items as DemoResult['respondents'];
    const result: DemoResult = {
      cycleId: CYCLE_ID,
      counts: cycle.body.closingCounts,
      notices,
      rollups,
      respondents,
      nextCycle,
      timeline,
      stateTransitions: runtime.workflows.transitions.get(`${CYCLE_ID}-1`) ?? 0,
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
    await writeOutput(options.outputDir, result, dayOf);
    return result;
  } finally {
    await runtime.stop();
  }
}

type Api = ReturnType<typeof client>;

/**
 * The series' next cycle: France pre-fills from its first report, invites its interior ministry,
 * which writes its part and marks it ready; France merges it, updates its carried recommendation
 * and submits; the diff shows what changed since the first cycle. The organiser then closes.
 */
async function runNextCycle(
  api: Api,
  context: {
    organiser: string;
    focal: string;
    template: Record<string, unknown>;
    at: (days: number) => string;
    note: (line: string) => void;
  },
): Promise<DemoResult['nextCycle']> {
  const { organiser, focal, template, at, note } = context;
  const created = await api.send('POST', '/v1/cycles', organiser, {
    ...template,
    id: NEXT_CYCLE_ID,
    seriesId: SERIES_ID,
    opensAt: at(15),
    dueAt: at(25),
  });
  await api.send('POST', `/v1/cycles/${NEXT_CYCLE_ID}/open`, organiser);
  note(`${NEXT_CYCLE_ID} opens, following ${created.body.previousCycleId} in ${SERIES_ID}`);
  const path = `/v1/cycles/${NEXT_CYCLE_ID}/submissions/FRA`;
  const prefilled = await api.send('POST', `${path}/prefill`, focal);
  note(`FRA pre-fills its draft: ${prefilled.body.entries.length} entry carried forward`);

  const ministry = `${path}/contributions/MOI`;
  await api.send('PUT', ministry, focal, { entries: [] });
  note('FRA invites its interior ministry (MOI) to contribute');
  const moi = await api.token({
    sub: 'demo-moi',
    role: 'CONTRIBUTOR',
    entityId: 'FRA',
    contributorId: 'MOI',
  });
  await api.send(
    'PUT',
    ministry,
    moi,
    {
      entries: [
        {
          type: 'GOOD_PRACTICE',
          title: 'One-stop shops for returnees in three prefectures',
          category: 'STRUCTURES',
          tags: ['21'],
        },
      ],
      ready: true,
    },
    [200],
    '"1"',
  );
  note('MOI writes its contribution and marks it ready');
  const merged = await api.send('POST', `${path}/merge`, focal, { contributorId: 'MOI' });
  note("FRA merges MOI's contribution into its draft");
  const [carried, ...rest] = merged.body.entries as Array<Record<string, unknown>>;
  await api.send(
    'PUT',
    path,
    focal,
    {
      entries: [
        { ...carried, text: 'Bring the data on returns of four ministries together.' },
        ...rest,
      ],
    },
    [200],
    merged.etag,
  );
  const submitted = await api.send('POST', `${path}/submit`, focal);
  note('FRA updates its carried recommendation and submits');
  const diff = await api.send('GET', `${path}/diff`, focal);
  note(
    `FRA's report against ${diff.body.previousCycleId}: ${diff.body.added.length} added, ${diff.body.changed.length} changed (${diff.body.changed.map((c: { fields: string[] }) => c.fields.join(', ')).join('; ')}), ${diff.body.removed.length} removed, ${diff.body.unchanged} unchanged`,
  );
  await api.send('POST', `/v1/cycles/${NEXT_CYCLE_ID}/close`, organiser);
  note(`the organiser closes ${NEXT_CYCLE_ID}`);
  return {
    cycleId: NEXT_CYCLE_ID,
    previousCycleId: created.body.previousCycleId,
    entries: submitted.body.entries,
    diff: diff.body,
  };
}

async function writeOutput(dir: string, result: DemoResult, dayOf: (date: Date) => number) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'outbox.json'), `${JSON.stringify(result.notices, null, 2)}\n`);
  const { notices: _, ...summary } = result;
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const c = result.counts;
  const lines = [
    `# ${result.cycleId}: an accelerated reporting round`,
    '',
    'Produced by `npm run demo`: one day of the cycle passes every second.',
    '',
    '## What happened',
    '',
    ...result.timeline.map((line) => `    ${line}`),
    '',
    '## Rollups (final)',
    '',
    '| scope | asked | responded | on time | late | missing | recommendations by objective |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(result.rollups).map(
      ([scope, r]) =>
        `| ${scope} | ${r.asked} | ${r.responded} | ${r.onTime} | ${r.late} | ${r.missing} | ${
          Object.entries(r.recommendations)
            .map(([id, n]) => `${id}: ${n}`)
            .join(', ') || '-'
        } |`,
    ),
    '',
    `## The next cycle of the series: ${result.nextCycle.cycleId}`,
    '',
    `It follows ${result.nextCycle.previousCycleId}. France's submitted report, entry by entry:`,
    '',
    ...result.nextCycle.entries.map(
      (e) => `- ${e.id} ${e.type}${e.fromContribution ? ` (from ${e.fromContribution})` : ''}`,
    ),
    '',
    `Against ${result.nextCycle.diff.previousCycleId}: added ${result.nextCycle.diff.added.join(', ') || '-'}; changed ${
      result.nextCycle.diff.changed.map((c) => `${c.id} (${c.fields.join(', ')})`).join(', ') || '-'
    }; removed ${result.nextCycle.diff.removed.join(', ') || '-'}; ${result.nextCycle.diff.unchanged} unchanged.`,
    '',
    '## Closing counts',
    '',
    '| asked | responded | on time | late | missing | returned | accepted |',
    '|---|---|---|---|---|---|---|',
    `| ${c.asked} | ${c.responded} | ${c.onTime} | ${c.late} | ${c.missing} | ${c.returned} | ${c.accepted} |`,
    '',
    `## Outbox (${result.notices.length} notices)`,
    '',
    ...result.notices.flatMap((n) => [
      `### day ${dayOf(new Date(n.createdAt)).toFixed(1)}: ${n.kind} to ${n.to ?? '(nobody: no contact)'} [${n.status}]`,
      '',
      `**${n.subject}**`,
      '',
      ...n.body.split('\n').map((line) => `    ${line}`),
      '',
    ]),
    `The workflow's execution entered ${result.stateTransitions} states; the demo took ${result.wallSeconds} s.`,
    '',
  ];
  await writeFile(join(dir, 'README.md'), lines.join('\n'));
}

/** A few HTTP calls to the runtime's API, failing loudly on an unexpected status. */
function client(base: string) {
  const send = async (
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    expected: number[] = [200, 201],
    ifMatch?: string | null,
  ) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(ifMatch && { 'if-match': ifMatch }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status))
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    // biome-ignore lint/suspicious/noExplicitAny: the demo reads a few known fields
    const parsed: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, body: parsed, etag: response.headers.get('etag') };
  };
  return {
    send,
    async token(claims: Record<string, string>): Promise<string> {
      return (await send('POST', '/dev/token', undefined, claims, [200])).body.token;
    },
    async outbox(cycleId: string, token: string): Promise<Notice[]> {
      const notices: Notice[] = [];
      let cursor = '';
      do {
        const page = await send('GET', `/v1/outbox?cycleId=${cycleId}&limit=500${cursor}`, token);
        notices.push(...page.body.items);
        cursor = page.body.nextCursor ? `&cursor=${page.body.nextCursor}` : '';
      } while (cursor);
      return notices;
    },
  };
}
