/**
 * Sends a batch call until DynamoDB leaves nothing unprocessed, backing off between tries.
 * `send` returns what was left over.
 */
export async function untilProcessed<T>(
  requests: T[],
  send: (pending: T[]) => Promise<T[] | undefined>,
): Promise<void> {
  let pending: T[] | undefined = requests;
  for (let attempt = 0; pending && pending.length > 0; attempt++) {
    if (attempt > 0)
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
    pending = await send(pending);
  }
}

/** Splits a list into chunks no longer than DynamoDB's batch limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}
