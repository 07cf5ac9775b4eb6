import type { Region } from '../regions.ts';
import countries from './countries.json' with { type: 'json' };

/** A UN member state as shipped: ISO 3166-1 alpha-3 id, names in English and French, seed region. */
export interface ShippedState {
  id: string;
  names: { en: string; fr: string };
  region: Region;
}

export const UN_MEMBER_STATES = countries.unMemberStates as ShippedState[];
const unMemberIds = new Set(UN_MEMBER_STATES.map((s) => s.id));
const isoAlpha3 = new Set(countries.isoAlpha3);

/** Whether the id is the alpha-3 code of one of the 193 UN member states. */
export function isUnMemberState(id: string): boolean {
  return unMemberIds.has(id);
}

/** Whether the id is any ISO 3166-1 alpha-3 code (members, observers, territories). */
export function isIsoAlpha3(id: string): boolean {
  return isoAlpha3.has(id);
}
