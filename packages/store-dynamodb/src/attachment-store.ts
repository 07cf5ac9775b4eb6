import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Attachment,
  type AttachmentRepository,
  type AttachmentTarget,
  ConflictError,
  PENDING_ATTACHMENT_DAYS,
  unboundUntil,
} from '#core';
import { batchGet, type Item, withoutKeys } from './index-query.ts';
import { attachmentKeys, ITEM_TYPE, TABLE } from './table-design.ts';
import { failedCondition, writeOne } from './transactions.ts';

/**
 * Attachment records, one item each; every change is a conditional write on that item. A record
 * carries the table's TTL until it is bound: PENDING_ATTACHMENT_DAYS while PENDING, UNBOUND_ATTACHMENT_DAYS once
 * complete. DynamoDB deletes expired items late (within days), so writes check the TTL too.
 */
export class DynamoAttachmentRepository implements AttachmentRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<Attachment | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: attachmentKeys.item(id),
        ConsistentRead: true,
      }),
    );
    return Item ? attachmentOf(Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Attachment[]> {
    const items = await batchGet(this.#client, this.#table, ids.map(attachmentKeys.item));
    return items.map(attachmentOf);
  }

  async create(attachment: Attachment): Promise<void> {
    try {
      // Joins the request's Idempotency-Key when one waits: a replay answers the same attachment.
      await writeOne(this.#client, {
        Put: {
          TableName: this.#table,
          Item: {
            ...attachmentKeys.item(attachment.id),
            type: ITEM_TYPE.attachment,
            ...attachment,
            [TABLE.timeToLive]:
              epochSeconds(new Date(attachment.createdAt)) + PENDING_ATTACHMENT_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    } catch (error) {
      if (failedCondition(error))
        throw new ConflictError(`attachment ${attachment.id} already exists`, { cause: error });
      throw error;
    }
  }

  async complete(id: string, completedAt: string): Promise<void> {
    try {
      await writeOne(this.#client, {
        Update: {
          TableName: this.#table,
          Key: attachmentKeys.item(id),
          UpdateExpression: 'SET #status = :complete, completedAt = :at, #ttl = :until',
          ConditionExpression: 'attribute_exists(pk) AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE.timeToLive },
          ExpressionAttributeValues: {
            ':complete': 'COMPLETE',
            ':pending': 'PENDING',
            ':at': completedAt,
            ':until': epochSeconds(unboundUntil(completedAt)),
          },
        },
      });
    } catch (error) {
      if (failedCondition(error))
        throw new ConflictError(`attachment ${id} is not PENDING`, { cause: error });
      throw error;
    }
  }

  async bind(id: string, target: AttachmentTarget, now: string): Promise<void> {
    // A plain update, never joined to the request's Idempotency-Key: binding is idempotent by
    // itself, and the key belongs to the submission's transaction that follows. Bound, the
    // record loses its TTL; an unbound one past it is gone, whether DynamoDB deleted it yet or not.
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: attachmentKeys.item(id),
          UpdateExpression: 'SET #to = :target REMOVE #ttl',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :complete AND ' +
            '((attribute_not_exists(#to) AND (attribute_not_exists(#ttl) OR #ttl > :now)) OR ' +
            '(#to.#cycle = :cycle AND #to.#entity = :entity))',
          ExpressionAttributeNames: {
            '#to': 'attachedTo',
            '#status': 'status',
            '#ttl': TABLE.timeToLive,
            '#cycle': 'cycleId',
            '#entity': 'entityId',
          },
          ExpressionAttributeValues: {
            ':target': { cycleId: target.cycleId, entityId: target.entityId },
            ':complete': 'COMPLETE',
            ':now': epochSeconds(new Date(now)),
            ':cycle': target.cycleId,
            ':entity': target.entityId,
          },
        }),
      );
    } catch (error) {
      if (failedCondition(error))
        throw new ConflictError(`attachment ${id} is attached elsewhere, not complete or expired`, {
          cause: error,
        });
      throw error;
    }
  }
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function attachmentOf(item: Item): Attachment {
  const { [TABLE.timeToLive]: _ttl, ...attachment } = withoutKeys(item);
  return attachment as unknown as Attachment;
}
