import { z } from 'zod';
import type { InputIssue } from './errors.ts';
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

/** What a client sends to create or replace an entity. */
export const EntityInput = z.object({
  id: EntityId,
  kind: EntityKind,
  names: LanguageMap,
  regions: z.array(Region).default([]),
  members: z.array(EntityId).max(250).default([]),
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
  const issues: InputIssue[] = [];
  if (entity.kind === 'STATE' && !isUnMemberState(entity.id)) {
    issues.push({
      pointer: '/id',
      message: 'a STATE id must be the ISO 3166-1 alpha-3 code of a UN member state',
    });
  }
  if (entity.kind !== 'STATE' && isIsoAlpha3(entity.id)) {
    issues.push({ pointer: '/id', message: 'ISO 3166-1 alpha-3 codes are reserved for states' });
  }
  const { min, max } = REGION_COUNT[entity.kind];
  if (entity.regions.length < min || entity.regions.length > max) {
    const expected = min === max ? `exactly ${min}` : `${min} to ${max}`;
    issues.push({ pointer: '/regions', message: `a ${entity.kind} has ${expected} region(s)` });
  }
  issues.push(...duplicates(entity.regions, '/regions'));
  if (entity.members.length > 0 && !hasMembers(entity.kind)) {
    issues.push({ pointer: '/members', message: `a ${entity.kind} has no members` });
  } else {
    issues.push(...memberIssues(entity.id, entity.members));
  }
  return issues;
}

/** Problems with the ids in a member list: duplicates, the entity itself, anything but a UN member state. */
export function memberIssues(id: string, members: readonly string[]): InputIssue[] {
  const issues = duplicates(members, '/members');
  members.forEach((member, index) => {
    if (member === id)
      issues.push({ pointer: `/members/${index}`, message: 'an entity cannot be its own member' });
    else if (!isUnMemberState(member)) {
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
