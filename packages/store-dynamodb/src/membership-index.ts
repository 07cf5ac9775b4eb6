import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ITEM_TYPE, membershipKeys } from './table-design.ts';

/** The part of a DynamoDB stream record this index reads; Lambda events and the Streams API both fit. */
export interface StreamRecordLike {
  eventName?: string | undefined;
  dynamodb?:
    | {
        OldImage?: Record<string, unknown> | undefined;
        NewImage?: Record<string, unknown> | undefined;
      }
    | undefined;
}

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** DynamoDB's limit on writes in one BatchWriteItem call. */
const BATCH_WRITE_LIMIT = 25;

/**
 * Keeps the reverse membership index (ISCMs of a state) from the table's stream.
 * Every write is a plain put or delete of a fully derived item, so replaying a record is harmless.
 */
export class MembershipIndex {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  /** Applies one stream record; records of other item types are ignored. */
  async apply(record: StreamRecordLike): Promise<void> {
    const before = image(record.dynamodb?.OldImage);
    const after = image(record.dynamodb?.NewImage);
    const entity = after ?? before;
    if (entity?.type !== ITEM_TYPE.entity) return;
    const iscmId = String(entity.id);
    const now = new Set(membersOf(after));
    const removed = membersOf(before).filter((stateId) => !now.has(stateId));
    await this.#write([
      ...[...now].map((stateId) => ({
        PutRequest: {
          Item: {
            ...membershipKeys.item(stateId, iscmId),
            type: ITEM_TYPE.membership,
            stateId,
            iscmId,
            iscmKind: entity.kind,
          },
        },
      })),
      ...removed.map((stateId) => ({
        DeleteRequest: { Key: membershipKeys.item(stateId, iscmId) },
      })),
    ]);
  }

  /** Writes in batches, retrying what DynamoDB leaves unprocessed with a capped backoff. */
  async #write(requests: WriteRequest[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
      let pending: WriteRequest[] | undefined = requests.slice(start, start + BATCH_WRITE_LIMIT);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
        const result: BatchWriteCommandOutput = await this.#client.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.#table];
      }
    }
  }
}

function image(raw: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

function membersOf(item: Record<string, unknown> | undefined): string[] {
  return Array.isArray(item?.members) ? item.members.map(String) : [];
}
