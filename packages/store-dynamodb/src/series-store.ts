import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest, Series, SeriesRepository } from '#core';
import { type Item, queryIndexPage, withoutKeys } from './index-query.ts';
import { ITEM_TYPE, seriesKeys, TABLE } from './table-design.ts';
import { writeNew, writeOneVersioned } from './transactions.ts';

/**
 * Series in the single table. `lastCycleId` is written only by the creation of a cycle in the
 * series (in the cycle's transaction, see the cycle store), never by an edit of the series, so
 * an edit racing a new cycle cannot undo it.
 */
export class DynamoSeriesRepository implements SeriesRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<Series | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: seriesKeys.item(id), ConsistentRead: true }),
    );
    return Item ? toSeries(Item) : undefined;
  }

  async list(page: PageRequest): Promise<Page<Series>> {
    const result = await queryIndexPage(
      this.#client,
      this.#table,
      {
        index: TABLE.byType,
        partition: seriesKeys.typePartition,
        startKey: (id) => ({ ...seriesKeys.item(id), ...seriesKeys.byType(id) }),
      },
      page,
    );
    return { items: result.items.map(toSeries), nextCursor: result.nextCursor };
  }

  async create(series: Series): Promise<Series> {
    const { lastCycleId: _none, ...rest } = series;
    await writeNew(this.#client, `series ${series.id}`, [
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...seriesKeys.item(series.id),
            ...seriesKeys.byType(series.id),
            type: ITEM_TYPE.series,
            ...rest,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    return series;
  }

  async replace(series: Series, current: Series): Promise<Series> {
    await writeOneVersioned(this.#client, current.version, {
      Update: {
        TableName: this.#table,
        Key: seriesKeys.item(series.id),
        UpdateExpression: 'SET template = :template, #rule = :rule, version = :version',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: { '#rule': 'rule' },
        ExpressionAttributeValues: {
          ':template': series.template,
          ':rule': series.rule,
          ':version': series.version,
          ':expected': current.version,
        },
      },
    });
    // The last cycle may have moved meanwhile: read it back rather than guess.
    return (await this.get(series.id)) ?? series;
  }
}

function toSeries(item: Item): Series {
  const series = withoutKeys(item) as unknown as Series;
  return { ...series, lastCycleId: series.lastCycleId ?? null };
}
