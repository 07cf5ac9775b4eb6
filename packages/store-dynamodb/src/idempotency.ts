import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type IdempotencyStore, IdempotentReplayError, type StoredResponse } from '#core';
import { ITEM_TYPE, idempotencyKeys } from './table-design.ts';
import type { TransactItem } from './transactions.ts';

/** A request's idempotency key, claimed by the first transaction that changes something. */
interface Claim {
  table: string;
  id: string;
  requestHash: string;
  claimed: boolean;
}

const claims = new AsyncLocalStorage<Claim>();

/** How long a key is remembered. */
const KEEP_SECONDS = 24 * 3600;

/** Adds the key's record to a transaction, if a key is in scope and not yet claimed. */
export function withClaim(items: TransactItem[]): {
  items: TransactItem[];
  claimIndex: number | undefined;
} {
  const claim = claims.getStore();
  if (!claim || claim.claimed) return { items, claimIndex: undefined };
  const item: TransactItem = {
    Put: {
      TableName: claim.table,
      Item: {
        ...idempotencyKeys.item(claim.id),
        type: ITEM_TYPE.idempotencyKey,
        requestHash: claim.requestHash,
        expiresAt: Math.floor(Date.now() / 1000) + KEEP_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return { items: [...items, item], claimIndex: items.length };
}

/** Marks the key claimed once its transaction succeeded. */
export function claimed(claimIndex: number | undefined): void {
  const claim = claims.getStore();
  if (claim && claimIndex !== undefined) claim.claimed = true;
}

/** Turns a failed claim into IdempotentReplayError; other failures pass through. */
export function replayed(error: unknown, claimIndex: number | undefined): unknown {
  if (
    claimIndex !== undefined &&
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.[claimIndex]?.Code === 'ConditionalCheckFailed'
  ) {
    return new IdempotentReplayError(
      'this Idempotency-Key was used by a request that changed things first',
      { cause: error },
    );
  }
  return error;
}

/** Key records in the single table. */
export class IdempotencyRecords implements IdempotencyStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  /** The first transaction `work` writes also writes the key: change and key land together or not at all. */
  run<T>(id: string, requestHash: string, work: () => Promise<T>): Promise<T> {
    return claims.run({ table: this.#table, id, requestHash, claimed: false }, work);
  }

  async get(id: string): Promise<{ requestHash: string; response?: StoredResponse } | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: idempotencyKeys.item(id),
        ConsistentRead: true,
      }),
    );
    return Item
      ? {
          requestHash: String(Item.requestHash),
          response: Item.response as StoredResponse | undefined,
        }
      : undefined;
  }

  /** Keeps the first response beside the key its change claimed. */
  async complete(id: string, requestHash: string, response: StoredResponse): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: idempotencyKeys.item(id),
        UpdateExpression: 'SET #response = :response',
        ConditionExpression: 'requestHash = :hash AND attribute_not_exists(#response)',
        ExpressionAttributeNames: { '#response': 'response' },
        ExpressionAttributeValues: { ':response': response, ':hash': requestHash },
      }),
    );
  }
}
