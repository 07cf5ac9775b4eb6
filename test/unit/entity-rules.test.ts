import { describe, expect, it } from 'vitest';
import { EntityId, EntityInput, entityIssues, hasMembers, LanguageMap } from '#core';
import { budapest, ngo, rabat, state } from '../fixtures/entities.ts';

const pointers = (input: EntityInput) => entityIssues(input).map((issue) => issue.pointer);

describe('entity ids', () => {
  it.each(['BUDAPEST', 'IGAD-RCP', 'DIALOGUE-5-5', 'A', 'X'.repeat(40)])('accepts %s', (id) => {
    expect(EntityId.safeParse(id).success).toBe(true);
  });

  it.each(['budapest', 'IGAD--RCP', '-IGAD', 'IGAD-', 'IGAD RCP', '', 'X'.repeat(41), 'ÉTAT'])(
    'refuses %j',
    (id) => {
      expect(EntityId.safeParse(id).success).toBe(false);
    },
  );

  it('lets a STATE take only the code of a UN member state', () => {
    expect(pointers(state('FRA', 'EUROPE'))).toEqual([]);
    expect(pointers(state('PSE', 'ASIA_PACIFIC_MIDDLE_EAST'))).toEqual(['/id']); // observer, not a member
    expect(pointers(state('ZZZ', 'EUROPE'))).toEqual(['/id']);
  });

  it('keeps ISO 3166-1 alpha-3 codes for states, members or not', () => {
    expect(pointers({ ...ngo('FRA') })).toEqual(['/id']);
    expect(pointers({ ...ngo('VAT') })).toEqual(['/id']);
    expect(pointers({ ...ngo('MIGRANT-NETWORK') })).toEqual([]);
  });
});

describe('regions per kind', () => {
  it('gives a state exactly one region', () => {
    expect(pointers({ ...state('FRA', 'EUROPE'), regions: [] })).toEqual(['/regions']);
    expect(pointers({ ...state('FRA', 'EUROPE'), regions: ['EUROPE', 'AFRICA'] })).toEqual([
      '/regions',
    ]);
  });

  it('gives ISCMs, REOs and UN regional commissions at least one region, an IRF possibly one', () => {
    expect(pointers(rabat)).toEqual([]);
    expect(pointers({ ...rabat, regions: ['AFRICA'] })).toEqual([]);
    expect(pointers({ ...budapest, regions: [] })).toEqual(['/regions']);
    expect(
      pointers({
        id: 'ECA',
        kind: 'UN_REGIONAL_COMMISSION',
        names: { en: 'ECA' },
        regions: [],
        members: [],
      }),
    ).toEqual(['/regions']);
  });

  it('gives global processes and IGOs no region', () => {
    const gfmd: EntityInput = {
      id: 'GFMD',
      kind: 'GLOBAL_PROCESS',
      names: { en: 'GFMD' },
      regions: [],
      members: [],
    };
    expect(pointers(gfmd)).toEqual([]);
    expect(pointers({ ...gfmd, regions: ['EUROPE'] })).toEqual(['/regions']);
    expect(pointers({ ...gfmd, kind: 'IGO', regions: ['AFRICA'] })).toEqual(['/regions']);
  });

  it('refuses a region listed twice', () => {
    expect(pointers({ ...rabat, regions: ['AFRICA', 'AFRICA'] })).toEqual(['/regions/1']);
  });
});

describe('members', () => {
  it('belong to ISCMs and REOs only', () => {
    expect(['RCP', 'IRF', 'GLOBAL_PROCESS', 'REO'].every((kind) => hasMembers(kind as never))).toBe(
      true,
    );
    expect(
      ['STATE', 'UN_REGIONAL_COMMISSION', 'IGO', 'NON_STATE'].some((kind) =>
        hasMembers(kind as never),
      ),
    ).toBe(false);
    expect(pointers({ ...state('FRA', 'EUROPE'), members: ['DEU'] })).toEqual(['/members']);
  });

  it('are UN member states, each once, never the entity itself', () => {
    expect(pointers({ ...budapest, members: ['HUN', 'TUR'] })).toEqual([]);
    expect(pointers({ ...budapest, members: ['HUN', 'XKX', 'HUN', 'RABAT'] })).toEqual([
      '/members/2',
      '/members/1',
      '/members/3',
    ]);
  });
});

describe('language maps', () => {
  it('require English and accept other BCP 47 tags', () => {
    expect(
      LanguageMap.safeParse({
        en: 'Budapest Process',
        fr: 'Processus de Budapest',
        'es-419': 'Proceso',
      }).success,
    ).toBe(true);
    expect(LanguageMap.safeParse({ fr: 'Processus de Budapest' }).success).toBe(false);
    expect(LanguageMap.safeParse({ en: '   ' }).success).toBe(false);
    expect(LanguageMap.safeParse({ en: 'x', French: 'y' }).success).toBe(false);
  });

  it('default regions and members to empty lists', () => {
    expect(
      EntityInput.parse({ id: 'GFMD', kind: 'GLOBAL_PROCESS', names: { en: 'GFMD' } }),
    ).toMatchObject({
      regions: [],
      members: [],
    });
  });
});
