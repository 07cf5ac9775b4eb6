import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Notice, RoundRepository, RoundState } from '#core';
import { queryPrefix } from './index-query.ts';
import { noticeItem } from './notice-store.ts';
import { cycleKeys, ITEM_TYPE } from './table-design.ts';
import { failedAnywhere, failedCondition, transact } from './transactions.ts';

/** The review workflow's records of each cycle, in the cycle's partition. */
export class DynamoRoundRepository implements RoundRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async state(cycleId: string): Promise<RoundState> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: cycleKeys.round(cycleId),
        ConsistentRead: true,
      }),
    );
    return {
      generation: Number(Item?.generation ?? 1),
      failures: Number(Item?.failures ?? 0),
      streak: Number(Item?.streak ?? 0),
      lastFailure: Item?.lastFailure,
    };
  }

  async clearStreak(cycleId: string): Promise<void> {
    await this.#client
      .send(
        new UpdateCommand({
          TableName: this.#table,
          Key: cycleKeys.round(cycleId),
          UpdateExpression: 'SET streak = :zero',
          ConditionExpression: 'streak > :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        }),
      )
      .catch((error) => {
        if (!failedCondition(error)) throw error;
      });
  }

  async nextGeneration(cycleId: string): Promise<number> {
    // The first execution is generation 1 whether or not this item exists yet.
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: cycleKeys.round(cycleId),
        UpdateExpression:
          'SET #type = :type, cycleId = :cycle, generation = if_not_exists(generation, :one) + :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': ITEM_TYPE.round, ':cycle': cycleId, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number(Attributes?.generation);
  }

  async recordFailure(
    cycleId: string,
    failure: { error: string; cause: string; at: string },
  ): Promise<RoundState> {
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: cycleKeys.round(cycleId),
        UpdateExpression:
          'SET #type = :type, cycleId = :cycle, lastFailure = :failure, generation = if_not_exists(generation, :one) ADD failures :one, streak :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': ITEM_TYPE.round,
          ':cycle': cycleId,
          ':failure': failure,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return {
      generation: Number(Attributes?.generation ?? 1),
      failures: Number(Attributes?.failures ?? 1),
      streak: Number(Attributes?.streak ?? 1),
      lastFailure: failure,
    };
  }

  async sent(cycleId: string, recipient: string) {
    const digests = await queryPrefix(
      this.#client,
      this.#table,
      cycleKeys.partition(cycleId),
      cycleKeys.digestPrefix(recipientHash(recipient)),
    );
    return {
      keys: new Set(digests.flatMap((digest) => digest.keys as string[])),
      undelivered: digests.filter((d) => !d.delivered).map((d) => String(d.noticeId)),
    };
  }

  async recordDigest(
    cycleId: string,
    recipient: string,
    notice: Notice,
    keys: string[],
  ): Promise<boolean> {
    try {
      await transact(this.#client, [
        {
          Put: {
            TableName: this.#table,
            Item: {
              ...cycleKeys.digest(cycleId, recipientHash(recipient), notice.id),
              type: ITEM_TYPE.digest,
              cycleId,
              noticeId: notice.id,
              keys,
              delivered: notice.status !== 'PENDING',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.#table,
            Item: noticeItem(notice),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        // A close (the organiser's) may land while an Act runs: nothing goes out after it.
        {
          ConditionCheck: {
            TableName: this.#table,
            Key: cycleKeys.item(cycleId),
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'OPEN' },
          },
        },
      ]);
      return true;
    } catch (error) {
      if (failedAnywhere(error)) return false;
      throw error;
    }
  }

  async markDelivered(cycleId: string, recipient: string, noticeId: string): Promise<void> {
    await this.#client
      .send(
        new UpdateCommand({
          TableName: this.#table,
          Key: cycleKeys.digest(cycleId, recipientHash(recipient), noticeId),
          UpdateExpression: 'SET delivered = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      )
      .catch((error) => {
        if (!failedCondition(error)) throw error;
      });
  }
}

/** Recipients are emails: personal data stays out of keys, so keys carry a hash of it. */
function recipientHash(recipient: string): string {
  return createHash('sha256').update(recipient).digest('hex').slice(0, 32);
}
