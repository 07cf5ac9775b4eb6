import { ForbiddenError } from '../errors.ts';
import type { Caller, Role } from './grants.ts';

/** Everything a route may ask permission for. */
export const ACTIONS = [
  'frameworks:read',
  'regions:read',
  'entities:read',
  'entities:create',
  'entities:update',
  'entities:delete',
  'contacts:read',
  'contacts:write',
  'commitments:read',
  'commitments:write',
  'users:read',
  'users:invite',
  'users:remove',
  'me:read',
  'cycles:read',
  'cycles:manage',
  'submissions:read',
  'submissions:write',
  'submissions:review',
  'outbox:read',
  'rollups:read',
  'contributions:read',
  'contributions:write',
  'attachments:create',
  'data:import',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action is on, as far as the decision needs it. */
export interface Resource {
  /** The entity the action concerns: the entity itself, its contacts or users, a commitment's owner. */
  entityId?: string | undefined;
  /** For invitations: the role to be granted. */
  role?: Role | undefined;
  /** Entities whose secretariats may also act (a submission's organiser and eligible reviewers). */
  secretariatsOf?: readonly string[] | undefined;
  /** For contributions: the contributor (ministry or agency) whose contribution it is. */
  contributorId?: string | undefined;
}

const READS: readonly Action[] = [
  'frameworks:read',
  'regions:read',
  'entities:read',
  'commitments:read',
  'me:read',
  'cycles:read',
];

/** Roles that write something attachments attach to: a submission, or a contribution. */
const WRITERS_OF_ATTACHABLES: readonly Role[] = [
  'SECRETARIAT',
  'FOCAL_POINT',
  'ALTERNATE_FOCAL_POINT',
  'CONTRIBUTOR',
];

/** Who may grant which roles, besides the admin who may grant any. */
const GRANTABLE_BY: Partial<Record<Role, readonly Role[]>> = {
  SECRETARIAT: ['SECRETARIAT'],
  FOCAL_POINT: ['FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR'],
};

/**
 * The one place that decides who may do what. Grant validity guarantees that SECRETARIAT is
 * only ever held for an ISCM or partner and the focal-point roles only for a state, so a rule
 * naming a role also names the kind of entity.
 */
export function isAllowed(caller: Caller, action: Action, resource: Resource = {}): boolean {
  if (caller.grants.some((grant) => grant.role === 'ADMIN')) return true;
  if (READS.includes(action)) return true;
  const holds = (...roles: Role[]) =>
    resource.entityId !== undefined &&
    caller.grants.some(
      (grant) => roles.includes(grant.role) && grant.entityId === resource.entityId,
    );
  switch (action) {
    case 'entities:update':
    case 'cycles:manage':
      return holds('SECRETARIAT');
    case 'contacts:read':
      return holds('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR');
    case 'contacts:write':
    case 'commitments:write':
      return holds('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT');
    case 'submissions:read':
      return (
        holds('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR') ||
        caller.grants.some(
          (g) =>
            g.role === 'SECRETARIAT' && (resource.secretariatsOf ?? []).includes(g.entityId ?? ''),
        )
      );
    case 'submissions:write':
      return holds('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT');
    case 'rollups:read':
      // The organiser's secretariat (secretariatsOf); a body's secretariat its members scope; a
      // respondent's people its own (entityId: the scope's subject).
      return (
        holds('SECRETARIAT', 'FOCAL_POINT', 'ALTERNATE_FOCAL_POINT', 'CONTRIBUTOR') ||
        caller.grants.some(
          (g) =>
            g.role === 'SECRETARIAT' && (resource.secretariatsOf ?? []).includes(g.entityId ?? ''),
        )
      );
    case 'contributions:read':
    case 'contributions:write':
      // The focal points see and write every contribution; a contributor its own alone.
      return (
        holds('FOCAL_POINT', 'ALTERNATE_FOCAL_POINT') ||
        (resource.contributorId !== undefined &&
          caller.grants.some(
            (g) =>
              g.role === 'CONTRIBUTOR' &&
              g.entityId === resource.entityId &&
              g.contributorId === resource.contributorId,
          ))
      );
    case 'attachments:create':
      // Files cost storage: declared only by those who write what files attach to (a submission
      // or a contribution), on whichever entity; attaching then asks that write's own permission.
      return caller.grants.some((g) => WRITERS_OF_ATTACHABLES.includes(g.role));
    case 'submissions:review':
    case 'outbox:read':
      return holds('SECRETARIAT');
    case 'users:read':
    case 'users:remove':
      return holds('SECRETARIAT', 'FOCAL_POINT');
    case 'users:invite':
      return caller.grants.some(
        (grant) =>
          grant.entityId === resource.entityId &&
          resource.role !== undefined &&
          (GRANTABLE_BY[grant.role] ?? []).includes(resource.role),
      );
    default:
      // entities:create, entities:delete and data:import are the admin's alone.
      return false;
  }
}

/** Throws ForbiddenError unless the caller may perform the action. */
export function assertAllowed(caller: Caller, action: Action, resource: Resource = {}): void {
  if (!isAllowed(caller, action, resource)) {
    throw new ForbiddenError(
      `not allowed: ${action}${resource.entityId ? ` on ${resource.entityId}` : ''}`,
    );
  }
}
