import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { batchWrite, type WriteRequest } from './batches.ts';
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

/**
 * Keeps the reverse membership index (the bodies a state belongs to) from the table's stream.
 * Every write is a plain put or delete of a fully derived item, so replaying a record is
 * harmless; records of one entity must be applied in order, one after the other.
 */
export class MembershipIndex {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  /** Applies one stream record; records of other item types, and unchanged member lists, are skipped. */
  async apply(record: StreamRecordLike): Promise<void> {
    // Tell entity items apart on the raw image: other items (commitments with empty maps, say)
    // need not, and cannot always, be unmarshalled here.
    const raw = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
    if ((raw?.type as { S?: string } | undefined)?.S !== ITEM_TYPE.entity) return;
    const before = image(record.dynamodb?.OldImage);
    const after = image(record.dynamodb?.NewImage);
    const entity = (after ?? before) as Record<string, unknown>;
    const parentId = String(entity.id);
    const was = membersOf(before);
    const now = membersOf(after);
    if (was.join() === now.join()) return;
    const requests: WriteRequest[] = [
      ...now.map((stateId) => ({
        PutRequest: {
          Item: {
            ...membershipKeys.item(stateId, parentId),
            type: ITEM_TYPE.membership,
            stateId,
            parentId,
          },
        },
      })),
      ...was
        .filter((stateId) => !now.includes(stateId))
        .map((stateId) => ({ DeleteRequest: { Key: membershipKeys.item(stateId, parentId) } })),
    ];
    await batchWrite(this.#client, this.#table, requests);
  }
}

function image(raw: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

function membersOf(item: Record<string, unknown> | undefined): string[] {
  return Array.isArray(item?.members) ? item.members.map(String) : [];
}
