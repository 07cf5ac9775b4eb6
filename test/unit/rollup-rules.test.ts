import { describe, expect, it } from 'vitest';
import {
  aggregate,
  type Cycle,
  CycleInput,
  contributionOf,
  type Entry,
  newRespondent,
  type Respondent,
  type RollupContribution,
  SHIPPED_FRAMEWORKS,
  type SubmittedVersion,
  scopesOf,
} from '#core';

/**
 * The counting rules on a small consultation in the New York Declaration framework (T1 holds
 * items i, o, u; T4 holds a, d, h, t; T6 holds k, l).
 */
const framework = SHIPPED_FRAMEWORKS.find(
  (f) => f.id === 'nyd-2016',
) as (typeof SHIPPED_FRAMEWORKS)[number];
const NOW = new Date('2027-03-15T00:00:00Z');
const DUE = '2027-03-01T00:00:00Z';

const cycle = (change: Partial<Cycle> = {}): Cycle => ({
  ...CycleInput.parse({
    id: 'SURVEY',
    title: { en: 'Survey' },
    kind: 'CONSULTATION',
    frameworkId: 'nyd-2016',
    organiser: 'IOM',
    respondents: ['FRA'],
    opensAt: '2027-01-01T00:00:00Z',
    dueAt: DUE,
  }),
  status: 'OPEN',
  version: 2,
  ...change,
});

const respondent = (
  entityId: string,
  snapshot: Partial<Pick<Respondent, 'kind' | 'regions' | 'memberOf'>> = {},
  change: Partial<Respondent> = {},
): Respondent => ({
  ...newRespondent('SURVEY', {
    entityId,
    kind: 'STATE',
    regions: ['EUROPE'],
    memberOf: [],
    ...snapshot,
  }),
  ...change,
});

const submitted = (at = '2027-02-01T00:00:00Z'): Partial<Respondent> => ({
  status: 'SUBMITTED',
  firstSubmittedAt: at,
  submittedAt: at,
});

const version = (entityId: string, entries: Entry[]): SubmittedVersion => ({
  cycleId: 'SURVEY',
  entityId,
  number: 1,
  submittedAt: '2027-02-01T00:00:00Z',
  submittedBy: 'someone',
  late: false,
  content: { entries, visibility: 'AGGREGATE_ONLY' },
});

const recommendation = (...tags: string[]): Entry => ({
  type: 'RECOMMENDATION',
  text: 'Do it.',
  tags,
});
const practice = (title: string, category: string, innovative = false, tags: string[] = []) =>
  ({
    type: 'GOOD_PRACTICE',
    title,
    category,
    innovative,
    piloted: [],
    criteria: [],
    tags,
  }) as Entry;

const contribution = (r: Respondent, entries: Entry[] = [], c = cycle()): RollupContribution =>
  contributionOf(c, framework, r, version(r.entityId, entries), NOW);

describe('scopes', () => {
  it('a state counts globally, alone, in its regions and with each body it belongs to, each once', () => {
    const state = respondent('FRA', { memberOf: ['BUDAPEST', 'PRAGUE', 'RABAT'] });
    expect(scopesOf(state)).toEqual([
      'global',
      'entity:FRA',
      'region:EUROPE',
      'members:BUDAPEST',
      'members:PRAGUE',
      'members:RABAT',
    ]);
  });

  it('an interregional forum counts in every region it spans, and with its own members', () => {
    const irf = respondent('RABAT', { kind: 'IRF', regions: ['AFRICA', 'EUROPE'] });
    expect(scopesOf(irf)).toEqual([
      'global',
      'entity:RABAT',
      'region:AFRICA',
      'region:EUROPE',
      'members:RABAT',
    ]);
  });
});

describe('a contribution', () => {
  it('comes from the latest submitted version, never from a draft', () => {
    const drafting = respondent('FRA', {}, { status: 'DRAFT' });
    const c = contribution(drafting, [recommendation('a')]);
    expect(c.responded).toBe(false);
    expect(c.tags.RECOMMENDATION).toEqual({ groups: [], items: [] });
  });

  it('counts an item tag for its group too, and a group tag for the group only', () => {
    const c = contribution(respondent('FRA', {}, submitted()), [recommendation('a', 'T6')]);
    expect(c.tags.RECOMMENDATION).toEqual({ groups: ['T4', 'T6'], items: ['a'] });
  });

  it('knows on time, late, overdue and missing by the due date and the cycle', () => {
    expect(contribution(respondent('FRA', {}, submitted())).onTime).toBe(true);
    expect(contribution(respondent('FRA', {}, submitted('2027-03-02T00:00:00Z'))).late).toBe(true);
    expect(contribution(respondent('FRA')).overdue).toBe(true);
    const closed = contribution(respondent('FRA'), [], cycle({ status: 'CLOSED' }));
    expect(closed).toMatchObject({ overdue: false, missing: true });
  });
});

describe('a scope', () => {
  const budapest = { memberOf: ['BUDAPEST'] };
  const contributions = [
    contribution(respondent('FRA', { memberOf: ['BUDAPEST', 'PRAGUE', 'RABAT'] }, submitted()), [
      recommendation('a'),
      recommendation('a', 'h'),
      recommendation('T1', 'T2', 'T3', 'T5', 'T6'),
      practice('Returns data hub', 'RESEARCH_DATA_ANALYSIS', true, ['h']),
    ]),
    contribution(respondent('HUN', budapest, submitted()), [
      recommendation('a'),
      practice('Reception law', 'LAWS_AND_POLICIES'),
    ]),
    contribution(respondent('AUT', budapest, { ...submitted(), status: 'RETURNED' }), [
      recommendation('d'),
    ]),
    contribution(respondent('DEU', budapest)),
    contribution(respondent('SEN', { regions: ['AFRICA'], memberOf: ['RABAT'] }, submitted()), [
      recommendation('a'),
    ]),
  ];
  const europe = aggregate(cycle(), framework, 'region:EUROPE', contributions, NOW);

  it('counts who was asked and who answered, and how', () => {
    expect(europe).toMatchObject({
      cycleId: 'SURVEY',
      scope: 'region:EUROPE',
      asked: 4,
      responded: 3,
      responseRate: 0.75,
      onTime: 3,
      late: 0,
      overdue: 1,
      missing: 0,
      returned: 1,
      accepted: 0,
    });
  });

  it('counts distinct entities per group, item and entry type, with their ids sorted', () => {
    expect(europe.items.a?.RECOMMENDATION).toEqual({ count: 2, entities: ['FRA', 'HUN'] });
    expect(europe.groups.T4?.RECOMMENDATION).toEqual({ count: 3, entities: ['AUT', 'FRA', 'HUN'] });
    expect(europe.items.h?.GOOD_PRACTICE).toEqual({ count: 1, entities: ['FRA'] });
    // Every group and item of the framework is there, with zeros.
    expect(Object.keys(europe.groups)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(Object.keys(europe.items)).toHaveLength(24);
    expect(europe.items.k?.PRINCIPLE).toEqual({ count: 0, entities: [] });
  });

  it('names who covered every theme, and what nobody addressed', () => {
    expect(europe.allGroupsCovered).toEqual(['FRA']);
    expect(europe.gaps.groups).toEqual([]);
    expect(europe.gaps.items).toContain('k');
    expect(europe.gaps.items).not.toContain('a');
    expect(europe.gaps.items).not.toContain('d');
  });

  it('recurring: strictly more than the threshold of those asked, or of those who answered', () => {
    // a: 2 of 4 asked is not more than half; T4: 3 of 4 is.
    expect(europe.recurring).toContainEqual({
      level: 'GROUP',
      id: 'T4',
      type: 'RECOMMENDATION',
      count: 3,
      denominator: 4,
      share: 0.75,
    });
    expect(europe.recurring.some((r) => r.id === 'a')).toBe(false);
    const ofResponded = aggregate(
      cycle({ recurring: { threshold: 0.5, base: 'RESPONDED' } }),
      framework,
      'region:EUROPE',
      contributions,
      NOW,
    );
    expect(ofResponded.recurring).toContainEqual({
      level: 'ITEM',
      id: 'a',
      type: 'RECOMMENDATION',
      count: 2,
      denominator: 3,
      share: 2 / 3,
    });
  });

  it('lists good practices by category and the innovative ones', () => {
    expect(europe.goodPractices.LAWS_AND_POLICIES).toEqual({
      count: 1,
      entities: 1,
      titles: ['Reception law'],
    });
    expect(europe.goodPractices.PROJECTS).toEqual({ count: 0, entities: 0, titles: [] });
    expect(europe.innovative).toEqual([{ entityId: 'FRA', title: 'Returns data hub' }]);
  });

  it('a state in three bodies counts once in each of them and once globally', () => {
    const world = aggregate(cycle(), framework, 'global', contributions, NOW);
    expect(world.asked).toBe(5);
    expect(world.items.a?.RECOMMENDATION.count).toBe(3);
    for (const body of ['members:BUDAPEST', 'members:PRAGUE', 'members:RABAT']) {
      const rollup = aggregate(cycle(), framework, body, contributions, NOW);
      expect(rollup.items.a?.RECOMMENDATION.entities.filter((e) => e === 'FRA')).toEqual(['FRA']);
    }
    expect(aggregate(cycle(), framework, 'members:RABAT', contributions, NOW).asked).toBe(2);
  });

  it('has no response rate when nobody was asked', () => {
    const nobody = aggregate(cycle(), framework, 'region:AMERICAS', contributions, NOW);
    expect(nobody).toMatchObject({ asked: 0, responded: 0, responseRate: null, recurring: [] });
  });

  it('gives each respondent a reporting and an implementation light', () => {
    expect(europe.lights).toEqual({
      AUT: { reporting: 'REPORTED', implementation: 'NONE' },
      DEU: { reporting: 'OVERDUE', implementation: 'NONE' },
      FRA: { reporting: 'REPORTED', implementation: 'NONE' },
      HUN: { reporting: 'REPORTED', implementation: 'NONE' },
    });
    const closed = cycle({ status: 'CLOSED' });
    const silent = aggregate(
      closed,
      framework,
      'entity:DEU',
      [
        contributionOf(closed, framework, respondent('DEU'), undefined, NOW, {
          missingBefore: true,
        }),
      ],
      NOW,
    );
    expect(silent.lights.DEU?.reporting).toBe('SILENT');
    // Overdue in an open cycle after missing the previous one: silent already.
    const stillOpen = contributionOf(cycle(), framework, respondent('DEU'), undefined, NOW, {
      missingBefore: true,
    });
    expect(
      aggregate(cycle(), framework, 'entity:DEU', [stillOpen], NOW).lights.DEU?.reporting,
    ).toBe('SILENT');
  });
});

describe('a REVIEW scope', () => {
  it('combines only values of the same catalogue indicator, by its rule, keeping the disaggregation', () => {
    const review = cycle({ kind: 'REVIEW' });
    const progress = (commitmentId: string, values: Array<Record<string, unknown>>) =>
      ({
        type: 'COMMITMENT_PROGRESS',
        commitmentId,
        status: 'IN_PROGRESS',
        tags: ['a'],
        indicatorValues: values,
        partnersInvolved: [],
        evidence: [],
      }) as unknown as Entry;
    // C-FR's indicator I1 cites 10.7.3 (deaths and disappearances: SUM), I2 cites 10.7.1
    // (recruitment cost: MEAN); C-DE's I1 cites 10.7.3 too; C-DE's I9 cites nothing.
    const refs: Record<string, string> = {
      'C-FR|I1': '10.7.3',
      'C-FR|I2': '10.7.1',
      'C-DE|I1': '10.7.3',
    };
    const indicatorRef = (c: string, i: string) => refs[`${c}|${i}`];
    const fra = contributionOf(
      review,
      framework,
      respondent('FRA', {}, submitted()),
      version('FRA', [
        progress('C-FR', [
          { indicatorId: 'I1', value: 10 },
          { indicatorId: 'I1', value: 6, sex: 'FEMALE' },
          { indicatorId: 'I2', value: 20 },
        ]),
      ]),
      NOW,
      { indicatorRef },
    );
    const deu = contributionOf(
      review,
      framework,
      respondent('DEU', {}, submitted()),
      version('DEU', [
        progress('C-DE', [
          { indicatorId: 'I1', value: 5 },
          { indicatorId: 'I1', value: 1, sex: 'FEMALE' },
          { indicatorId: 'I9', value: 99 },
        ]),
      ]),
      NOW,
      { indicatorRef },
    );
    const hun = contributionOf(
      review,
      framework,
      respondent('HUN', {}, submitted()),
      version('HUN', [progress('C-HU', [{ indicatorId: 'I2', value: 30 }])]),
      NOW,
      { indicatorRef: (c, i) => (c === 'C-HU' && i === 'I2' ? '10.7.1' : undefined) },
    );
    const { indicators } = aggregate(review, framework, 'global', [fra, deu, hun], NOW);
    expect(indicators?.['10.7.3']).toEqual({
      unit: 'PERSONS',
      aggregation: 'SUM',
      entities: ['DEU', 'FRA'],
      value: 15,
      count: 2,
      disaggregated: [{ sex: 'FEMALE', ageGroup: null, value: 7, count: 2 }],
    });
    expect(indicators?.['10.7.1']).toMatchObject({ aggregation: 'MEAN', value: 25, count: 2 });
    expect(Object.keys(indicators ?? {})).toEqual(['10.7.1', '10.7.3']);
  });

  it('distributes implementation statuses per group, item and commitment level', () => {
    const review = cycle({ kind: 'REVIEW' });
    const progress = (status: string, level: string, tags: string[]) =>
      ({
        type: 'COMMITMENT_PROGRESS',
        commitmentId: 'C-1',
        status,
        level,
        tags,
        indicatorValues: [],
        partnersInvolved: [],
        evidence: [],
      }) as unknown as Entry;
    const c = contribution(
      respondent('FRA', {}, submitted()),
      [progress('IN_PROGRESS', 'NATIONAL', ['a']), progress('NOT_STARTED', 'RCP', ['T1'])],
      review,
    );
    const rollup = aggregate(review, framework, 'global', [c], NOW);
    expect(rollup.implementation?.byGroup.T4).toMatchObject({ IN_PROGRESS: 1, NOT_STARTED: 0 });
    expect(rollup.implementation?.byItem.a).toMatchObject({ IN_PROGRESS: 1 });
    expect(rollup.implementation?.byGroup.T1).toMatchObject({ NOT_STARTED: 1 });
    expect(rollup.implementation?.byLevel.RCP).toMatchObject({ NOT_STARTED: 1 });
    expect(rollup.lights.FRA?.implementation).toBe('AT_RISK');
    expect(rollup.indicators).toEqual({});
    expect(aggregate(cycle(), framework, 'global', [c], NOW).implementation).toBeUndefined();
  });
});
