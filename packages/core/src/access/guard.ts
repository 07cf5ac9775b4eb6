import type { Resource } from './policy.ts';

/**
 * Asks whether the caller may act on a resource the use case has just loaded (a commitment's
 * owner, an invitation's entity); throws ForbiddenError if not. Routes bind it to the caller and
 * the action, so the decision stays in the policy and the order of checks in the use case.
 */
export type Guard = (resource: Resource) => Promise<void>;
