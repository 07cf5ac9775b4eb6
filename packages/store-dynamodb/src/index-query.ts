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

/**
 * How many reads one page may take when a filter drops items: past it the page comes back short,
 * with a cursor, so that a rare filter never turns one request into a read of the whole partition.
 */
const MAX_READS_PER_PAGE = 5;

/** DynamoDB's limit on keys in one BatchGetItem call. */
export const BATCH_GET_LIMIT = 100;

/**
 * One page of an index partition, filled up to the limit when a filter drops items (within
 * MAX_READS_PER_PAGE reads). The cursor names the partition and the last id read.
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
  let reads = 0;
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
    reads++;
  } while (startKey && items.length < page.limit && reads < MAX_READS_PER_PAGE);
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

/** Every item of a partition whose sort key starts with `prefix`, strongly consistent, all pages. */
export async function queryPrefix(
  client: DynamoDBDocumentClient,
  table: string,
  partition: string,
  prefix: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const result = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** An item as the domain sees it: without its keys, index keys and type tag. */
export function withoutKeys(item: Item): Item {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    type: _type,
    ...rest
  } = item;
  return rest;
}
