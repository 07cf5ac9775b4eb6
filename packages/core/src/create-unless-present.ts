import { ConcurrentWriteError, ConflictError } from './errors.ts';

/**
 * Runs a conditional create: true when it wrote, false when the id was taken already. A lost
 * race (a transaction on the same items) is tried again, never taken for "present".
 */
export async function createUnlessPresent(
  create: () => Promise<unknown>,
  attempts = 5,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await create();
      return true;
    } catch (error) {
      if (error instanceof ConcurrentWriteError && attempt < attempts) continue;
      if (error instanceof ConflictError && !(error instanceof ConcurrentWriteError)) return false;
      throw error;
    }
  }
}
