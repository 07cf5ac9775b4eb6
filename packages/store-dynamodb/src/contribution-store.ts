import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Contribution, ContributionRepository, Notice } from '#core';
import { queryPrefix, withoutKeys } from './index-query.ts';
import { noticeItem } from './notice-store.ts';
import { cycleKeys, ITEM_TYPE } from './table-design.ts';
import { type TransactItem, versionCondition, writeNew, writeVersioned } from './transactions.ts';

/**
 * Contributions beside their cycle's submissions, one item per (respondent, contributor). A write
 * is conditional on the version read, and carries the invitation's notices in its transaction.
 */
export class DynamoContributionRepository implements ContributionRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(
    cycleId: string,
    entityId: string,
    contributorId: string,
  ): Promise<Contribution | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: cycleKeys.contribution(cycleId, entityId, contributorId),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutKeys(Item) as unknown as Contribution) : undefined;
  }

  listFor(cycleId: string, entityId: string): Promise<Contribution[]> {
    return this.#list(cycleId, cycleKeys.contributionPrefix(entityId));
  }

  listByCycle(cycleId: string): Promise<Contribution[]> {
    return this.#list(cycleId, cycleKeys.allContributionsPrefix);
  }

  async write(change: {
    contribution: Contribution;
    previous: Contribution | undefined;
    notices?: Notice[] | undefined;
  }): Promise<void> {
    const { contribution, previous } = change;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...cycleKeys.contribution(
              contribution.cycleId,
              contribution.entityId,
              contribution.contributorId,
            ),
            type: ITEM_TYPE.contributorContribution,
            ...contribution,
          },
          ...versionCondition(previous?.version),
        },
      },
      ...(change.notices ?? []).map((notice) => ({
        Put: {
          TableName: this.#table,
          Item: noticeItem(notice),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
    if (previous) await writeVersioned(this.#client, previous.version, items);
    else
      await writeNew(
        this.#client,
        `the contribution of ${contribution.contributorId} to ${contribution.entityId}'s report`,
        items,
      );
  }

  async #list(cycleId: string, prefix: string): Promise<Contribution[]> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      cycleKeys.partition(cycleId),
      prefix,
    );
    return items.map((item) => withoutKeys(item) as unknown as Contribution);
  }
}
