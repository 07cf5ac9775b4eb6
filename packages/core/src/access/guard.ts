import { ForbiddenError } from '../errors.ts';
import type { Resource } from './policy.ts';

/**
 * Asks whether the caller may act on a resource the use case has just loaded (a commitment's
 * owner, an invitation's entity); throws ForbiddenError if not. Routes bind it to the caller and
 * the action, so the decision stays in the policy and the order of checks in the use case.
 */
export type Guard = (resource: Resource) => Promise<void>;

/** Whether the guard lets the caller through: false where it would answer 403. */
export async function permits(guard: Guard, resource: Resource): Promise<boolean> {
  try {
    await guard(resource);
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}
