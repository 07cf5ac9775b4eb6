import { z } from 'zod';
import { CycleInput } from './cycle.ts';
import { EntityId } from './ids.ts';

/**
 * Recurring series: a template of cycle fields without dates, and a rule saying when each cycle
 * opens and falls due. The daily tick asks `cyclesDue` which cycles should exist now; a period's
 * cycle has the period's id, so it is created once.
 */

const MonthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'must be a month and day, such as "03-01"')
  .refine(
    (value) => {
      const [month, day] = value.split('-').map(Number) as [number, number];
      // In a year without 29 February: a rule must name a day every year has.
      const date = new Date(Date.UTC(2027, month - 1, day));
      return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    },
    { message: 'must be a day that every year has (not 02-29)' },
  );

export const SeriesRule = z
  .object({
    firstYear: z.number().int().min(2000).max(2100),
    everyMonths: z.number().int().min(1).max(120),
    opensOn: MonthDay,
    dueAfterDays: z.number().int().min(1).max(300),
  })
  .superRefine((rule, ctx) => {
    // A rule under a year (or of odd months) opens in months of every length: a 29th to 31st
    // would roll over into the next month and two periods would share an id.
    const day = Number(rule.opensOn.slice(3));
    if (rule.everyMonths % 12 !== 0 && day > 28)
      ctx.addIssue({
        code: 'custom',
        path: ['opensOn'],
        message: 'a rule that is not whole years opens on a day every month has (1 to 28)',
      });
  });
export type SeriesRule = z.infer<typeof SeriesRule>;

/** A cycle's fields without its id and dates: what each cycle of the series is made from. */
export const SeriesTemplate = CycleInput.pick({
  title: true,
  kind: true,
  frameworkId: true,
  organiser: true,
  respondents: true,
  scope: true,
  reminders: true,
  languages: true,
});
export type SeriesTemplate = z.infer<typeof SeriesTemplate>;

export const SeriesInput = z.object({
  // An id like any other, short enough that `{id}-{YYYY-MM}` is one too.
  id: EntityId.max(32, 'must be at most 32 characters'),
  template: SeriesTemplate,
  rule: SeriesRule.nullable().default(null),
});
export type SeriesInput = z.infer<typeof SeriesInput>;

/** A series as stored and returned. */
export interface Series extends SeriesInput {
  /** The cycle of the series created last: the next one follows it (its previousCycleId). */
  lastCycleId: string | null;
  createdAt: string;
  version: number;
}

/** A cycle the rule calls for: its id (the series and the period) and its dates. */
export interface DueCycle {
  id: string;
  opensAt: string;
  dueAt: string;
}

const DAY_MS = 86_400_000;

/** The first period's cycle dates: what a rule's template is checked against. */
export function firstPeriod(series: Pick<SeriesInput, 'id'>, rule: SeriesRule): DueCycle {
  return period(series, rule, 0);
}

/** The period starting `index` rule steps after the first. */
function period(series: Pick<SeriesInput, 'id'>, rule: SeriesRule, index: number): DueCycle {
  const [month, day] = rule.opensOn.split('-').map(Number) as [number, number];
  const opens = new Date(Date.UTC(rule.firstYear, month - 1 + index * rule.everyMonths, day));
  const year = opens.getUTCFullYear();
  const label =
    rule.everyMonths >= 12
      ? String(year)
      : `${year}-${String(opens.getUTCMonth() + 1).padStart(2, '0')}`;
  return {
    id: `${series.id}-${label}`,
    opensAt: opens.toISOString(),
    dueAt: new Date(opens.getTime() + rule.dueAfterDays * DAY_MS).toISOString(),
  };
}

/**
 * The cycles of the series that should exist and be open at `now`: the period under way, if its
 * opening has come and its due date has not passed. A period missed altogether (the tick was
 * down past its due date) is not created late: a round nobody could answer helps nobody.
 */
export function cyclesDue(series: Pick<SeriesInput, 'id' | 'rule'>, now: Date): DueCycle[] {
  const { rule } = series;
  if (!rule) return [];
  const due: DueCycle[] = [];
  for (let index = 0; ; index++) {
    const candidate = period(series, rule, index);
    if (Date.parse(candidate.opensAt) > now.getTime()) break;
    if (Date.parse(candidate.dueAt) > now.getTime()) due.push(candidate);
  }
  return due;
}
