import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '#core';
import { chunks, untilProcessed } from './batches.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { TABLE } from './table-design.ts';

export type Item = Record<string, unknown>;

/** An index partition listed in id order, and how to rebuild DynamoDB's start key from an id. */
export interface IndexList {
  index: typeof TABLE.byCollection | typeof TABLE.byType;
  partition: string;
  startKey(afterId: string): Item;
}

/** A DynamoDB filter on the items of a partition. */
export interface ItemFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** DynamoDB's limit on keys in one BatchGetItem call. */
export const BATCH_GET_LIMIT = 100;

/**
 * One page of an index partition, filled up to the limit even when a filter drops items, so
 * that page sizes are what the client asked for. The cursor names the partition and the last id.
 */
export async function queryIndexPage(
  client: DynamoDBDocumentClient,
  table: string,
  list: IndexList,
  page: PageRequest,
  filter?: ItemFilter,
): Promise<Page<Item>> {
  const after = decodeCursor(page.cursor, list.partition);
  let startKey: Item | undefined = after === undefined ? undefined : list.startKey(after);
  const items: Item[] = [];
  do {
    const result = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: list.index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': list.index.partitionKey, ...filter?.names },
        ExpressionAttributeValues: { ':pk': list.partition, ...filter?.values },
        ...(filter && { FilterExpression: filter.expression }),
        ExclusiveStartKey: startKey,
        Limit: page.limit - items.length,
      }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < page.limit);
  const lastId = startKey?.[list.index.sortKey];
  return {
    items,
    nextCursor: typeof lastId === 'string' ? encodeCursor(list.partition, lastId) : null,
  };
}

/** Items by key, strongly consistent, retrying what DynamoDB leaves unprocessed; missing ones are absent. */
export async function batchGet(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Item[],
): Promise<Item[]> {
  const found: Item[] = [];
  for (const batch of chunks(keys, BATCH_GET_LIMIT)) {
    await untilProcessed<Item>(batch, async (pending) => {
      const result = await client.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[table] ?? []));
      return result.UnprocessedKeys?.[table]?.Keys;
    });
  }
  return found;
}
