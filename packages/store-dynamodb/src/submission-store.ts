import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Submission, SubmissionChange, SubmissionRepository, SubmittedVersion } from '#core';
import { respondentItem } from './cycle-store.ts';
import { batchGet, queryPrefix, withoutKeys } from './index-query.ts';
import { noticeItem } from './notice-store.ts';
import { cycleKeys, ITEM_TYPE } from './table-design.ts';
import { type TransactItem, versionCondition, writeVersioned } from './transactions.ts';

/**
 * Submissions beside their cycle: the current submission, and each submitted version as an
 * immutable item. A change writes submission, respondent record and version in one transaction.
 */
export class DynamoSubmissionRepository implements SubmissionRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(cycleId: string, entityId: string): Promise<Submission | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: cycleKeys.submission(cycleId, entityId),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutKeys(Item) as unknown as Submission) : undefined;
  }

  async getMany(keys: ReadonlyArray<{ cycleId: string; entityId: string }>): Promise<Submission[]> {
    if (keys.length === 0) return [];
    const items = await batchGet(
      this.#client,
      this.#table,
      keys.map((k) => cycleKeys.submission(k.cycleId, k.entityId)),
    );
    return items.map((item) => withoutKeys(item) as unknown as Submission);
  }

  async write(change: SubmissionChange): Promise<void> {
    const { submission, previous, respondent, previousRespondent, submitted } = change;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.#table,
          Item: submissionItem(submission),
          ...versionCondition(previous?.version),
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: respondentItem(respondent),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': previousRespondent.version },
        },
      },
    ];
    for (const notice of change.notices ?? []) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: noticeItem(notice),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (submitted) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: versionItem(submitted),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    await writeVersioned(this.#client, previous?.version ?? 0, items);
  }

  async latestVersions(cycleId: string): Promise<Map<string, SubmittedVersion>> {
    // Versions sort by respondent, then number: the last one read for a respondent is its latest.
    const items = await queryPrefix(
      this.#client,
      this.#table,
      cycleKeys.partition(cycleId),
      cycleKeys.allVersionsPrefix,
    );
    const latest = new Map<string, SubmittedVersion>();
    for (const item of items) {
      const version = withoutKeys(item) as unknown as SubmittedVersion;
      latest.set(version.entityId, version);
    }
    return latest;
  }

  async history(cycleId: string, entityId: string): Promise<SubmittedVersion[]> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      cycleKeys.partition(cycleId),
      cycleKeys.versionPrefix(entityId),
    );
    return items.map((item) => withoutKeys(item) as unknown as SubmittedVersion);
  }
}

/** A submission's item: the current draft or submission of a respondent. */
export function submissionItem(submission: Submission): Record<string, unknown> {
  return {
    ...cycleKeys.submission(submission.cycleId, submission.entityId),
    type: ITEM_TYPE.submission,
    ...submission,
  };
}

/** A submitted version's item, immutable once written. */
export function versionItem(version: SubmittedVersion): Record<string, unknown> {
  return {
    ...cycleKeys.version(version.cycleId, version.entityId, version.number),
    type: ITEM_TYPE.submittedVersion,
    ...version,
  };
}
