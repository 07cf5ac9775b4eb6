import { z } from 'zod';
import type { LanguageMap } from './language-map.ts';

/** The seed's four regions (its discussion groups). */
export const REGIONS = ['AFRICA', 'AMERICAS', 'EUROPE', 'ASIA_PACIFIC_MIDDLE_EAST'] as const;
export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

export const REGION_LABELS: Record<Region, LanguageMap> = {
  AFRICA: { en: 'Africa', fr: 'Afrique' },
  AMERICAS: { en: 'Americas', fr: 'Amériques' },
  EUROPE: { en: 'Europe', fr: 'Europe' },
  ASIA_PACIFIC_MIDDLE_EAST: {
    en: 'Asia, Pacific and Middle East',
    fr: 'Asie, Pacifique et Moyen-Orient',
  },
};
