import { z } from 'zod';
import { type InputIssue, InvalidInputError } from './errors.ts';
import { EntityId } from './ids.ts';
import { LanguageMap } from './language-map.ts';
import { isIsoAlpha3, isUnMemberState } from './reference/countries.ts';
import { Region } from './regions.ts';

export const ENTITY_KINDS = [
  'STATE',
  'RCP',
  'IRF',
  'GLOBAL_PROCESS',
  'REO',
  'UN_REGIONAL_COMMISSION',
  'IGO',
  'NON_STATE',
] as const;
export const EntityKind = z.enum(ENTITY_KINDS);
export type EntityKind = z.infer<typeof EntityKind>;

/** How many regions an entity of each kind carries: states one; ISCMs and regional bodies one or more. */
const REGION_COUNT: Record<EntityKind, { min: number; max: number }> = {
  STATE: { min: 1, max: 1 },
  RCP: { min: 1, max: 4 },
  IRF: { min: 1, max: 4 },
  REO: { min: 1, max: 4 },
  UN_REGIONAL_COMMISSION: { min: 1, max: 4 },
  GLOBAL_PROCESS: { min: 0, max: 0 },
  IGO: { min: 0, max: 0 },
  NON_STATE: { min: 0, max: 4 },
};

/** ISCMs (RCPs, IRFs, global processes) and regional economic organisations have member states. */
const KINDS_WITH_MEMBERS = new Set<EntityKind>(['RCP', 'IRF', 'GLOBAL_PROCESS', 'REO']);

/** Whether entities of this kind have a member list. */
export function hasMembers(kind: EntityKind): boolean {
  return KINDS_WITH_MEMBERS.has(kind);
}

/** A member list: ids of UN member states (there are 193), each once. */
export const MemberList = z.array(EntityId).max(193);

/** What a client sends to create or replace an entity. */
export const EntityInput = z.object({
  id: EntityId,
  kind: EntityKind,
  names: LanguageMap,
  regions: z.array(Region).default([]),
  members: MemberList.default([]),
});
export type EntityInput = z.infer<typeof EntityInput>;

/** An entity as stored and returned. */
export const Entity = EntityInput.extend({
  /** Optimistic-concurrency version, starting at 1; travels as the ETag. */
  version: z.number().int().positive(),
  /** Shipped reference data: never deleted, and for states edited by the admin only. */
  seeded: z.boolean(),
});
export type Entity = z.infer<typeof Entity>;

/** The rules of the domain an entity must follow beyond its shape; returns every broken rule. */
export function entityIssues(entity: EntityInput): InputIssue[] {
  return [...idIssues(entity.id, entity.kind), ...contentIssues(entity)];
}

/** States take UN member codes; nothing else takes any ISO 3166-1 alpha-3 code. */
export function idIssues(id: string, kind: EntityKind): InputIssue[] {
  if (kind === 'STATE' && !isUnMemberState(id)) {
    return [
      {
        pointer: '/id',
        message: 'a STATE id must be the ISO 3166-1 alpha-3 code of a UN member state',
      },
    ];
  }
  if (kind !== 'STATE' && isIsoAlpha3(id)) {
    return [{ pointer: '/id', message: 'ISO 3166-1 alpha-3 codes are reserved for states' }];
  }
  return [];
}

/** Regions and members allowed for the kind. */
export function contentIssues(
  entity: Pick<EntityInput, 'kind' | 'regions' | 'members'>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const { min, max } = REGION_COUNT[entity.kind];
  if (entity.regions.length < min || entity.regions.length > max) {
    const expected = min === max ? `exactly ${min}` : `${min} to ${max}`;
    issues.push({ pointer: '/regions', message: `a ${entity.kind} has ${expected} region(s)` });
  }
  issues.push(...duplicates(entity.regions, '/regions'));
  if (entity.members.length > 0 && !hasMembers(entity.kind)) {
    issues.push({ pointer: '/members', message: `a ${entity.kind} has no members` });
  } else {
    issues.push(...memberIssues(entity.members));
  }
  return issues;
}

/** Throws InvalidInputError listing every rule the entity breaks. */
export function assertValidEntity(entity: EntityInput): void {
  const issues = entityIssues(entity);
  if (issues.length > 0) throw new InvalidInputError(issues);
}

/** Throws InvalidInputError listing every problem of a member list. */
export function assertValidMembers(members: readonly string[]): void {
  const issues = memberIssues(members);
  if (issues.length > 0) throw new InvalidInputError(issues);
}

/**
 * Problems with the ids in a member list: duplicates and anything but a UN member state (which
 * also keeps an ISCM out of its own list, since no ISCM may take a state's code).
 */
export function memberIssues(members: readonly string[]): InputIssue[] {
  const issues = duplicates(members, '/members');
  members.forEach((member, index) => {
    if (!isUnMemberState(member)) {
      issues.push({ pointer: `/members/${index}`, message: `${member} is not a UN member state` });
    }
  });
  return issues;
}

function duplicates(values: readonly string[], base: string): InputIssue[] {
  const seen = new Set<string>();
  const issues: InputIssue[] = [];
  values.forEach((value, index) => {
    if (seen.has(value))
      issues.push({ pointer: `${base}/${index}`, message: `${value} is listed twice` });
    seen.add(value);
  });
  return issues;
}
