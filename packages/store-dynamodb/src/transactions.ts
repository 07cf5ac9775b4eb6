import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError, ConflictError, VersionConflictError } from '#core';
import { claimed, replayed, withClaim } from './idempotency.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Whether a write failed because its own condition (or the first transaction item's) did not hold. */
export function failedCondition(error: unknown, itemIndex = 0): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return error.CancellationReasons?.[itemIndex]?.Code === 'ConditionalCheckFailed';
  }
  return false;
}

/** Whether any condition of a write or transaction did not hold. */
export function failedAnywhere(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')
  );
}

/** Whether a transaction lost a race with another one on the same items; retrying may succeed. */
export function lostTransactionRace(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')
  );
}

/** Runs a transaction, joined by the request's Idempotency-Key when one is in scope. */
export async function transact(
  client: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<void> {
  const claim = withClaim(items);
  try {
    await client.send(new TransactWriteCommand({ TransactItems: claim.items }));
    claimed(claim.claimIndex);
  } catch (cause) {
    throw replayed(cause, claim.claimIndex);
  }
}

/**
 * Runs a transaction whose first item holds a version condition. Whether the version moved on or
 * another write is under way, the version the client holds is stale: VersionConflictError.
 */
export async function writeVersioned(
  client: DynamoDBDocumentClient,
  expectedVersion: number,
  items: TransactItem[],
): Promise<void> {
  try {
    await transact(client, items);
  } catch (error) {
    if (failedAnywhere(error) || lostTransactionRace(error)) {
      throw new VersionConflictError(expectedVersion, { cause: error });
    }
    throw error;
  }
}

/**
 * Runs a transaction whose first item puts a new item with `attribute_not_exists(pk)`: a taken
 * key is a ConflictError naming `what`, a lost race a ConcurrentWriteError (retrying may succeed).
 */
export async function writeNew(
  client: DynamoDBDocumentClient,
  what: string,
  items: TransactItem[],
): Promise<void> {
  try {
    await transact(client, items);
  } catch (error) {
    if (failedCondition(error)) throw new ConflictError(`${what} already exists`, { cause: error });
    if (lostTransactionRace(error)) throw new ConcurrentWriteError({ cause: error });
    throw error;
  }
}

/**
 * Writes one item (as writeOne) whose condition is on its version: a failed condition means the
 * version the client holds is stale, a VersionConflictError.
 */
export async function writeOneVersioned(
  client: DynamoDBDocumentClient,
  expectedVersion: number,
  item: TransactItem,
): Promise<void> {
  try {
    await writeOne(client, item);
  } catch (error) {
    if (failedCondition(error)) throw new VersionConflictError(expectedVersion, { cause: error });
    throw error;
  }
}

/** The condition of a versioned put: the version the writer read, or no item at all before the first. */
export function versionCondition(expected: number | undefined) {
  return expected === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expected },
      };
}

/**
 * Writes one item under its condition: as a plain write, or in a transaction with the request's
 * Idempotency-Key when one is waiting. A failed condition looks the same either way to failedCondition.
 */
export async function writeOne(client: DynamoDBDocumentClient, item: TransactItem): Promise<void> {
  if (withClaim([item]).claimIndex !== undefined) return transact(client, [item]);
  if (item.Put) await client.send(new PutCommand(item.Put));
  else if (item.Update) await client.send(new UpdateCommand(item.Update as UpdateCommandInput));
  else if (item.Delete) await client.send(new DeleteCommand(item.Delete));
  else throw new Error('writeOne writes a Put, an Update or a Delete');
}
