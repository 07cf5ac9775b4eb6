import { z } from 'zod';
import type { InputIssue } from '../errors.ts';
import { EntityId } from '../ids.ts';

export const ROLES = [
  'ADMIN',
  'SECRETARIAT',
  'FOCAL_POINT',
  'ALTERNATE_FOCAL_POINT',
  'CONTRIBUTOR',
  'READER',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles held for one entity; ADMIN and READER hold for none. */
export const ENTITY_ROLES = [
  'SECRETARIAT',
  'FOCAL_POINT',
  'ALTERNATE_FOCAL_POINT',
  'CONTRIBUTOR',
] as const;
/** Roles held for a state; SECRETARIAT is held for an ISCM or partner. */
export const STATE_ROLES: readonly Role[] = ['FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR'];

/** A ministry or agency contributing to a state's reports. */
export const ContributorId = EntityId;

/** What a user may act as: a role, for an entity where the role needs one, as a contributor where it is one. */
export const Grant = z
  .object({ role: Role, entityId: EntityId.optional(), contributorId: ContributorId.optional() })
  .superRefine((grant, ctx) => {
    for (const issue of grantShapeIssues(grant)) {
      ctx.addIssue({ code: 'custom', path: [issue.pointer.slice(1)], message: issue.message });
    }
  });
export type Grant = z.infer<typeof Grant>;

/** A verified caller and every grant they hold. */
export interface Caller {
  sub: string;
  grants: Grant[];
}

function grantShapeIssues(grant: {
  role: Role;
  entityId?: string | undefined;
  contributorId?: string | undefined;
}): InputIssue[] {
  const issues: InputIssue[] = [];
  const needsEntity = (ENTITY_ROLES as readonly Role[]).includes(grant.role);
  if (needsEntity && grant.entityId === undefined) {
    issues.push({ pointer: '/entityId', message: `a ${grant.role} grant is held for an entity` });
  }
  if (!needsEntity && grant.entityId !== undefined) {
    issues.push({ pointer: '/entityId', message: `a ${grant.role} grant is held for no entity` });
  }
  if ((grant.role === 'CONTRIBUTOR') !== (grant.contributorId !== undefined)) {
    issues.push({
      pointer: '/contributorId',
      message: 'a contributorId goes with the CONTRIBUTOR role, and only with it',
    });
  }
  return issues;
}

/** Two grants are the same when role, entity and contributor match. */
export function sameGrant(a: Grant, b: Grant): boolean {
  return a.role === b.role && a.entityId === b.entityId && a.contributorId === b.contributorId;
}
