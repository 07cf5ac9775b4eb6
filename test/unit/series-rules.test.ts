import { describe, expect, it } from 'vitest';
import { cyclesDue, SeriesInput } from '#core';

const series = (rule: Record<string, unknown> | null) =>
  SeriesInput.parse({
    id: 'EU-REVIEW',
    template: {
      title: { en: 'European review' },
      kind: 'REVIEW',
      frameworkId: 'gcm-2018',
      organiser: 'BUDAPEST',
      scope: { memberOf: 'BUDAPEST' },
    },
    rule,
  });
const biennial = series({ firstYear: 2026, everyMonths: 24, opensOn: '03-01', dueAfterDays: 60 });

describe('a recurring series', () => {
  it('reads with its template defaults, and groups hand-made cycles when it has no rule', () => {
    expect(series(null)).toMatchObject({
      rule: null,
      template: { respondents: null, languages: ['en', 'fr'] },
    });
    expect(cyclesDue(series(null), new Date('2030-01-01T00:00:00Z'))).toEqual([]);
  });

  it('calls for the cycle of the period under way, named after its year', () => {
    expect(cyclesDue(biennial, new Date('2026-02-28T00:00:00Z'))).toEqual([]);
    expect(cyclesDue(biennial, new Date('2026-03-01T00:00:00Z'))).toEqual([
      {
        id: 'EU-REVIEW-2026',
        opensAt: '2026-03-01T00:00:00.000Z',
        dueAt: '2026-04-30T00:00:00.000Z',
      },
    ]);
    // Every two years: nothing in 2027, the next in 2028.
    expect(cyclesDue(biennial, new Date('2027-03-02T00:00:00Z'))).toEqual([]);
    expect(cyclesDue(biennial, new Date('2028-03-10T00:00:00Z')).map((c) => c.id)).toEqual([
      'EU-REVIEW-2028',
    ]);
  });

  it('asks for the same cycle on every tick of its period (creation is what stays once)', () => {
    const first = cyclesDue(biennial, new Date('2026-03-01T00:00:00Z'));
    const again = cyclesDue(biennial, new Date('2026-03-02T00:00:00Z'));
    expect(again).toEqual(first);
  });

  it('does not create late a period missed past its due date', () => {
    expect(cyclesDue(biennial, new Date('2026-05-01T00:00:00Z'))).toEqual([]);
  });

  it('names periods under a year by month, across a year boundary', () => {
    const quarterly = series({
      firstYear: 2026,
      everyMonths: 3,
      opensOn: '11-15',
      dueAfterDays: 30,
    });
    expect(cyclesDue(quarterly, new Date('2027-02-20T00:00:00Z'))).toEqual([
      {
        id: 'EU-REVIEW-2027-02',
        opensAt: '2027-02-15T00:00:00.000Z',
        dueAt: '2027-03-17T00:00:00.000Z',
      },
    ]);
  });

  it('refuses a rule on a day some years lack, naming the field', () => {
    const result = SeriesInput.safeParse({
      ...biennial,
      rule: { firstYear: 2028, everyMonths: 12, opensOn: '02-29', dueAfterDays: 30 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['rule', 'opensOn']);
  });
});
