import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EntityInput,
  entityIssues,
  SHIPPED_ENTITIES,
  ShippedLanguageMap,
  UN_MEMBER_STATES,
} from '#core';
import { buildCountries } from '../../scripts/countries-source.ts';

const briefTableText = readFileSync(
  new URL('../fixtures/seeded-entities.md', import.meta.url),
  'utf8',
);

/** The "Seeded entities" table of the domain brief, parsed. */
function briefTable() {
  const lines = briefTableText.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| id | kind | name | regions |'));
  return lines
    .slice(start + 2)
    .filter((_, i, rest) => rest.slice(0, i + 1).every((l) => l.startsWith('|')))
    .map((line) => {
      const [id, kind, name, regions] = line
        .split('|')
        .slice(1, 5)
        .map((s) => s.trim());
      return {
        id,
        kind,
        name,
        regions: regions === '—' ? [] : (regions ?? '').split(',').map((r) => r.trim()),
      };
    });
}

describe('shipped states', () => {
  it('are the 193 UN member states, with English and French names', () => {
    expect(UN_MEMBER_STATES).toHaveLength(193);
    expect(UN_MEMBER_STATES.find((s) => s.id === 'VAT')).toBeUndefined();
    expect(UN_MEMBER_STATES.find((s) => s.id === 'SSD')?.names).toEqual({
      en: 'South Sudan',
      fr: 'Soudan du Sud',
    });
    expect(UN_MEMBER_STATES.find((s) => s.id === 'DEU')?.names.fr).toBe('Allemagne');
  });

  it('sit in the seed’s four regions, from UN M49', () => {
    const regionOf = (id: string) => UN_MEMBER_STATES.find((s) => s.id === id)?.region;
    expect(regionOf('SEN')).toBe('AFRICA');
    expect(regionOf('MEX')).toBe('AMERICAS');
    expect(regionOf('RUS')).toBe('EUROPE');
    expect(regionOf('TUR')).toBe('ASIA_PACIFIC_MIDDLE_EAST'); // Western Asia
    expect(regionOf('FJI')).toBe('ASIA_PACIFIC_MIDDLE_EAST'); // Oceania
    const counts = Object.groupBy(UN_MEMBER_STATES, (s) => s.region);
    expect(counts.AFRICA).toHaveLength(54);
    expect(counts.AMERICAS).toHaveLength(35);
  });

  it('match what the generator derives from the source packages today', () => {
    const committed = JSON.parse(
      readFileSync(
        new URL('../../packages/core/src/reference/countries.json', import.meta.url),
        'utf8',
      ),
    );
    expect(committed).toEqual(buildCountries());
  });
});

describe('shipped ISCMs and partners', () => {
  it('are exactly the domain brief’s table, ids, kinds, names and regions', () => {
    const partners = SHIPPED_ENTITIES.filter((e) => e.kind !== 'STATE');
    expect(
      partners.map(({ id, kind, names, regions }) => ({ id, kind, name: names.en, regions })),
    ).toEqual(briefTable());
  });

  it('all follow the entity rules and carry French names', () => {
    expect(SHIPPED_ENTITIES).toHaveLength(193 + 46);
    for (const entity of SHIPPED_ENTITIES) {
      expect(EntityInput.safeParse(entity).success).toBe(true);
      expect(entityIssues(entity)).toEqual([]);
      expect(ShippedLanguageMap.safeParse(entity.names).success, entity.id).toBe(true);
    }
    expect(new Set(SHIPPED_ENTITIES.map((e) => e.id)).size).toBe(SHIPPED_ENTITIES.length);
  });

  it('ship no member lists: secretariats enter their own', () => {
    expect(SHIPPED_ENTITIES.every((e) => e.members.length === 0)).toBe(true);
  });
});
