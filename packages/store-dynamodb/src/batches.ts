import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

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

export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** DynamoDB's limit on writes in one BatchWriteItem call. */
const BATCH_WRITE_LIMIT = 25;

/** BatchWriteItem calls in flight at once: a recomputation writes thousands of items. */
const PARALLEL_BATCHES = 8;

/**
 * Puts and deletes in as few BatchWriteItem calls as the limit allows, several at a time; returns
 * how many calls. Writes to one key must not be in one call twice, so callers pass distinct keys.
 */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
): Promise<number> {
  let calls = 0;
  const batches = chunks(requests, BATCH_WRITE_LIMIT);
  for (const wave of chunks(batches, PARALLEL_BATCHES)) {
    await Promise.all(
      wave.map((batch) =>
        untilProcessed(batch, async (pending) => {
          calls++;
          const result = await client.send(
            new BatchWriteCommand({ RequestItems: { [table]: pending } }),
          );
          return result.UnprocessedItems?.[table];
        }),
      ),
    );
  }
  return calls;
}
