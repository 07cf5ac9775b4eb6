import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  InvalidInputError,
  type Notice,
  type NoticeFilter,
  type NoticeRepository,
  type Page,
  type PageRequest,
} from '#core';
import { chunks } from './batches.ts';
import { type Item, withoutKeys } from './index-query.ts';
import type { StreamRecordLike } from './membership-index.ts';
import { ITEM_TYPE, noticeKeys, TABLE } from './table-design.ts';
import { failedCondition } from './transactions.ts';

/** The outbox in the single table. */
export class DynamoNoticeRepository implements NoticeRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<Notice | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: noticeKeys.item(id), ConsistentRead: true }),
    );
    return Item ? toNotice(Item) : undefined;
  }

  async add(notices: Notice[]): Promise<Notice[]> {
    const written: Notice[] = [];
    for (const batch of chunks(notices, 16)) {
      await Promise.all(
        batch.map(async (notice) => {
          try {
            await this.#client.send(
              new PutCommand({
                TableName: this.#table,
                Item: noticeItem(notice),
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            );
            written.push(notice);
          } catch (error) {
            if (!failedCondition(error)) throw error;
          }
        }),
      );
    }
    return written;
  }

  async list(filter: NoticeFilter, page: PageRequest): Promise<Page<Notice>> {
    // Notices sort by creation time, so the cursor is the sort key of the last one read.
    const [partitionKey, sortKey, indexName, partition] = filter.cycleId
      ? [
          TABLE.byCollection.partitionKey,
          TABLE.byCollection.sortKey,
          TABLE.byCollection.indexName,
          noticeKeys.cyclePartition(filter.cycleId),
        ]
      : [
          TABLE.byType.partitionKey,
          TABLE.byType.sortKey,
          TABLE.byType.indexName,
          noticeKeys.typePartition,
        ];
    let after: string | undefined;
    if (page.cursor !== undefined) {
      after = Buffer.from(page.cursor, 'base64url').toString('utf8');
      if (!/^[0-9T:.Z-]{20,30}#N-[A-Z0-9-]{1,200}$/.test(after)) {
        throw new InvalidInputError([
          { in: 'query', pointer: '/cursor', message: 'is not a cursor this list returned' },
        ]);
      }
    }
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: indexName,
        KeyConditionExpression: after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
        ExpressionAttributeNames: {
          '#pk': partitionKey,
          ...(after && { '#sk': sortKey }),
          ...(filter.entityId && { '#e': 'entityIds' }),
        },
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(after && { ':after': after }),
          ...(filter.entityId && { ':e': filter.entityId }),
        },
        ...(filter.entityId && { FilterExpression: 'contains(#e, :e)' }),
        Limit: page.limit,
      }),
    );
    const items = (result.Items ?? []).map(toNotice);
    const last = result.LastEvaluatedKey?.[sortKey];
    return {
      items,
      nextCursor: typeof last === 'string' ? Buffer.from(last).toString('base64url') : null,
    };
  }

  async setStatus(
    notice: Notice,
    status: Notice['status'],
    from?: ReadonlyArray<Notice['status']>,
  ): Promise<boolean> {
    const expected = Object.fromEntries((from ?? []).map((s, i) => [`:from${i}`, s]));
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: noticeKeys.item(notice.id),
          UpdateExpression: 'SET #status = :status',
          ...(from?.length
            ? { ConditionExpression: `#status IN (${Object.keys(expected).join(', ')})` }
            : {}),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ...expected },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }
}

/** A notice as stored, shared with the submission store, which writes notices in its transactions. */
export function noticeItem(notice: Notice): Item {
  return {
    ...noticeKeys.item(notice.id),
    ...noticeKeys.byCycle(notice.cycleId, notice.createdAt, notice.id),
    ...noticeKeys.byType(notice.createdAt, notice.id),
    type: ITEM_TYPE.notice,
    ...notice,
  };
}

function toNotice(item: Item): Notice {
  return withoutKeys(item) as unknown as Notice;
}

/**
 * The id of a notice just written to the outbox PENDING, from a table stream record; undefined
 * for any other record. Read on the raw image, as the outbox relay's event filter does.
 */
export function pendingNoticeOf(record: StreamRecordLike): string | undefined {
  const image = record.dynamodb?.NewImage as Record<string, { S?: string } | undefined> | undefined;
  if (record.eventName !== 'INSERT' || image?.type?.S !== ITEM_TYPE.notice) return undefined;
  return image.status?.S === 'PENDING' ? image.id?.S : undefined;
}
