import { EntityInput } from '../entity.ts';
import { Framework } from '../framework.ts';
import { UN_MEMBER_STATES } from './countries.ts';
import frameworks from './frameworks.json' with { type: 'json' };
import partners from './partners.json' with { type: 'json' };

/** The frameworks shipped with the product; adding one is adding an object to frameworks.json. */
export const SHIPPED_FRAMEWORKS: readonly Framework[] = frameworks.map((f) => Framework.parse(f));

/** Every entity shipped as reference data: the 193 UN member states, then the ISCMs and partners of the seed. */
export const SHIPPED_ENTITIES: readonly EntityInput[] = [
  ...UN_MEMBER_STATES.map((state) => ({
    id: state.id,
    kind: 'STATE' as const,
    names: state.names,
    regions: [state.region],
    members: [],
  })),
  ...partners.map((partner) => EntityInput.parse(partner)),
];

export { isIsoAlpha3, isUnMemberState, UN_MEMBER_STATES } from './countries.ts';
