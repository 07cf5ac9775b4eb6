import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  CycleInput,
  cycleIssues,
  type Entity,
  latestClose,
  nextStatus,
  resolveRespondents,
  snapshotRespondents,
  timingOf,
} from '#core';

const cycle = (change: Record<string, unknown> = {}) =>
  CycleInput.parse({
    id: 'EU-REVIEW-2026',
    title: { en: 'European review 2026', fr: 'Examen européen 2026' },
    kind: 'REVIEW',
    frameworkId: 'gcm-2018',
    organiser: 'BUDAPEST',
    scope: { memberOf: 'BUDAPEST' },
    opensAt: '2026-12-01T00:00:00Z',
    dueAt: '2027-03-01T00:00:00Z',
    ...change,
  });

const entity = (
  id: string,
  kind: Entity['kind'],
  regions: Entity['regions'],
  members: string[] = [],
): Entity => ({
  id,
  kind,
  names: { en: id },
  regions,
  members,
  version: 1,
  seeded: true,
});
const world = [
  entity('FRA', 'STATE', ['EUROPE']),
  entity('HUN', 'STATE', ['EUROPE']),
  entity('SEN', 'STATE', ['AFRICA']),
  entity('BUDAPEST', 'RCP', ['EUROPE'], ['HUN', 'FRA']),
  entity('RABAT', 'IRF', ['AFRICA', 'EUROPE'], ['SEN', 'FRA']),
  entity('ECE', 'UN_REGIONAL_COMMISSION', ['EUROPE']),
];

describe('a cycle', () => {
  it('reads in the fixed wire format, with its defaults', () => {
    expect(cycle()).toMatchObject({
      respondents: null,
      locksAt: null,
      reminders: { beforeDueDays: [30, 7, 1], escalateAfterDays: [3, 10] },
      languages: ['en', 'fr'],
      recurring: { threshold: 0.5, base: 'ASKED' },
      seriesId: null,
      previousCycleId: null,
    });
    expect(cycleIssues(cycle())).toEqual([]);
  });

  it('takes respondents or a scope, never both or neither', () => {
    expect(cycleIssues(cycle({ respondents: ['HUN'] })).map((i) => i.pointer)).toEqual(['/scope']);
    expect(cycleIssues(cycle({ scope: null })).map((i) => i.pointer)).toEqual(['/scope']);
    expect(cycleIssues(cycle({ scope: null, respondents: ['HUN'] }))).toEqual([]);
    expect(
      CycleInput.safeParse({ ...cycle(), scope: { region: 'EUROPE', memberOf: 'X' } }).success,
    ).toBe(false);
  });

  it('falls due after it opens, and locks no earlier than any due date', () => {
    expect(cycleIssues(cycle({ dueAt: '2026-11-01T00:00:00Z' })).map((i) => i.pointer)).toContain(
      '/dueAt',
    );
    expect(cycleIssues(cycle({ locksAt: '2027-02-01T00:00:00Z' })).map((i) => i.pointer)).toEqual([
      '/locksAt',
    ]);
  });

  it('spans under 360 days, from opening to its latest possible close', () => {
    // Due day 339 + last escalation 10 + 1 day = 350: fine; an extension to day 350 makes 361.
    const dueDay339 = '2027-11-05T00:00:00Z';
    expect(latestClose(cycle({ dueAt: dueDay339 }), [dueDay339]).toISOString()).toBe(
      '2027-11-16T00:00:00.000Z',
    );
    expect(cycleIssues(cycle({ dueAt: dueDay339 }))).toEqual([]);
    const extended = '2027-11-16T00:00:00Z';
    expect(
      cycleIssues(cycle({ dueAt: dueDay339 }), [dueDay339, extended]).map((i) => i.pointer),
    ).toEqual(['/dueAt']);
    expect(cycleIssues(cycle({ locksAt: '2027-11-27T00:00:00Z' })).map((i) => i.pointer)).toEqual([
      '/locksAt',
    ]);
  });
});

describe('the status machine', () => {
  it('goes DRAFT, OPEN, CLOSED, PUBLISHED, or CANCELLED from DRAFT or OPEN', () => {
    expect(nextStatus('DRAFT', 'open')).toBe('OPEN');
    expect(nextStatus('OPEN', 'close')).toBe('CLOSED');
    expect(nextStatus('CLOSED', 'publish')).toBe('PUBLISHED');
    expect(nextStatus('OPEN', 'cancel')).toBe('CANCELLED');
    expect(() => nextStatus('CLOSED', 'cancel')).toThrow(ConflictError);
    expect(() => nextStatus('DRAFT', 'close')).toThrow(ConflictError);
    expect(() => nextStatus('OPEN', 'open')).toThrow(ConflictError);
  });
});

describe('respondents', () => {
  it('resolve from a member list, a region or the world; states unless kinds say otherwise', () => {
    expect(resolveRespondents(cycle(), world)).toEqual(['FRA', 'HUN']);
    expect(resolveRespondents(cycle({ scope: { region: 'EUROPE' } }), world)).toEqual([
      'FRA',
      'HUN',
    ]);
    expect(
      resolveRespondents(cycle({ scope: { region: 'EUROPE', kinds: ['RCP', 'IRF'] } }), world),
    ).toEqual(['RABAT']);
    expect(resolveRespondents(cycle({ scope: { global: true } }), world)).toEqual([
      'FRA',
      'HUN',
      'SEN',
    ]);
    expect(
      resolveRespondents(cycle({ scope: null, respondents: ['SEN', 'BUDAPEST'] }), world),
    ).toEqual(['SEN']);
  });

  it('are snapshotted with their regions and memberships', () => {
    expect(snapshotRespondents(['FRA', 'NOBODY'], world)).toEqual([
      { entityId: 'FRA', kind: 'STATE', regions: ['EUROPE'], memberOf: ['BUDAPEST', 'RABAT'] },
    ]);
  });

  it('are overdue while unsubmitted past their due date, and late when first submitted after it', () => {
    const due = '2027-03-01T00:00:00Z';
    expect(timingOf({ dueAt: due, firstSubmittedAt: null }, new Date('2027-02-01'))).toEqual({
      overdue: false,
      late: false,
    });
    expect(timingOf({ dueAt: due, firstSubmittedAt: null }, new Date('2027-03-02'))).toEqual({
      overdue: true,
      late: false,
    });
    expect(
      timingOf({ dueAt: due, firstSubmittedAt: '2027-03-05T00:00:00Z' }, new Date('2027-04-01')),
    ).toEqual({
      overdue: false,
      late: true,
    });
  });
});
