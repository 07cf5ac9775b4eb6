import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  type Entity,
  type EntityFilter,
  type EntityInput,
  type EntityKind,
  type EntityRepository,
  NotFoundError,
  type Page,
  type PageRequest,
  type Region,
  VersionConflictError,
} from '#core';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { entityKeys, ITEM_TYPE, membershipKeys, regionMarkerKeys, TABLE } from './table-design.ts';
import { failedCondition, lostTransactionRace } from './transactions.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit on keys in one BatchGetItem call. */
const BATCH_GET_LIMIT = 100;

/** Entities in the single table (see table-design.ts for keys and access patterns). */
export class DynamoEntityRepository implements EntityRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<Entity | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: entityKeys.item(id), ConsistentRead: true }),
    );
    return Item ? toEntity(Item) : undefined;
  }

  async create(input: EntityInput, { seeded = false } = {}): Promise<Entity> {
    const entity: Entity = { ...input, version: 1, seeded };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: this.#entityItem(entity),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...entity.regions.map((region) => this.#putRegionMarker(entity, region)),
          ],
        }),
      );
    } catch (error) {
      if (failedCondition(error))
        throw new ConflictError(`entity ${input.id} already exists`, { cause: error });
      throw translateRace(error);
    }
    return entity;
  }

  async replace(input: EntityInput, expectedVersion: number): Promise<Entity> {
    const current = await this.get(input.id);
    if (!current) throw new NotFoundError('entity', input.id);
    const entity: Entity = { ...input, version: expectedVersion + 1, seeded: current.seeded };
    const dropped = current.regions.filter((region) => !entity.regions.includes(region));
    await this.#writeVersioned(expectedVersion, [
      {
        Put: {
          TableName: this.#table,
          Item: this.#entityItem(entity),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      ...entity.regions.map((region) => this.#putRegionMarker(entity, region)),
      ...dropped.map((region) => ({
        Delete: { TableName: this.#table, Key: regionMarkerKeys.item(entity.id, region) },
      })),
    ]);
    return entity;
  }

  async replaceMembers(id: string, members: string[], expectedVersion: number): Promise<Entity> {
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: entityKeys.item(id),
          UpdateExpression: 'SET members = :members, version = :next, updatedAt = :now',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: {
            ':members': members,
            ':next': expectedVersion + 1,
            ':expected': expectedVersion,
            ':now': new Date().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return toEntity(Attributes as Item);
    } catch (error) {
      if (failedCondition(error)) {
        const old = (error as { Item?: unknown }).Item;
        if (!old) throw new NotFoundError('entity', id);
        throw new VersionConflictError(expectedVersion, { cause: error });
      }
      throw error;
    }
  }

  async delete(id: string, expectedVersion: number): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new NotFoundError('entity', id);
    await this.#writeVersioned(expectedVersion, [
      {
        Delete: {
          TableName: this.#table,
          Key: entityKeys.item(id),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      ...current.regions.map((region) => ({
        Delete: { TableName: this.#table, Key: regionMarkerKeys.item(id, region) },
      })),
    ]);
  }

  async membershipsOf(stateId: string): Promise<string[]> {
    const { Items = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': membershipKeys.partition(stateId),
          ':prefix': membershipKeys.skPrefix,
        },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => String(item.iscmId));
  }

  list(filter: EntityFilter, page: PageRequest): Promise<Page<Entity>> {
    if (filter.memberOf !== undefined) return this.#listMembers(filter.memberOf, filter, page);
    if (filter.region !== undefined) return this.#listRegion(filter.region, filter.kind, page);
    if (filter.kind !== undefined) {
      return this.#queryIndex(TABLE.byCollection, entityKeys.kindPartition(filter.kind), page).then(
        mapPage,
      );
    }
    return this.#queryIndex(TABLE.byType, entityKeys.typePartition, page).then(mapPage);
  }

  /** Entities with a region: the region's markers, then the entities themselves. */
  async #listRegion(
    region: Region,
    kind: EntityKind | undefined,
    page: PageRequest,
  ): Promise<Page<Entity>> {
    const markers = await this.#queryIndex(
      TABLE.byCollection,
      regionMarkerKeys.regionPartition(region),
      page,
      kind,
    );
    const entities = await this.#getMany(markers.items.map((marker) => String(marker.entityId)));
    return { items: entities, nextCursor: markers.nextCursor };
  }

  /** Member states of an ISCM or partner, in id order, read from its own item. */
  async #listMembers(
    parentId: string,
    filter: EntityFilter,
    page: PageRequest,
  ): Promise<Page<Entity>> {
    const after = decodeCursor(page.cursor, ['memberOf', 'after'], { memberOf: parentId })?.after;
    const parent = await this.get(parentId);
    const remaining = [...(parent?.members ?? [])]
      .sort()
      .filter((id) => after === undefined || id > after);
    const items: Entity[] = [];
    let lastId: string | undefined;
    while (items.length < page.limit && remaining.length > 0) {
      const ids = remaining.splice(0, Math.min(BATCH_GET_LIMIT, page.limit - items.length));
      for (const entity of await this.#getMany(ids)) {
        if (matches(entity, filter)) items.push(entity);
      }
      lastId = ids.at(-1);
    }
    const nextCursor =
      remaining.length > 0 && lastId !== undefined
        ? encodeCursor({ memberOf: parentId, after: lastId })
        : null;
    return { items, nextCursor };
  }

  /**
   * One page of an index partition, filled up to the limit even when a filter on kind drops items,
   * so that page sizes are what the client asked for.
   */
  async #queryIndex(
    index: typeof TABLE.byCollection | typeof TABLE.byType,
    partition: string,
    page: PageRequest,
    kind?: EntityKind,
  ): Promise<Page<Item>> {
    const keyFields = ['pk', 'sk', index.partitionKey, index.sortKey];
    let startKey: Item | undefined = decodeCursor(page.cursor, keyFields, {
      [index.partitionKey]: partition,
    });
    const items: Item[] = [];
    do {
      const result = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: index.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey, ...(kind && { '#kind': 'kind' }) },
          ExpressionAttributeValues: { ':pk': partition, ...(kind && { ':kind': kind }) },
          ...(kind && { FilterExpression: '#kind = :kind' }),
          ExclusiveStartKey: startKey,
          Limit: page.limit - items.length,
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < page.limit);
    return {
      items,
      nextCursor: startKey ? encodeCursor(startKey as Record<string, string>) : null,
    };
  }

  /** Entities by id, strongly consistent, in the order asked; ids that no longer exist are skipped. */
  async #getMany(ids: string[]): Promise<Entity[]> {
    const found = new Map<string, Entity>();
    for (let start = 0; start < ids.length; start += BATCH_GET_LIMIT) {
      let keys: Item[] | undefined = ids.slice(start, start + BATCH_GET_LIMIT).map(entityKeys.item);
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        const result: BatchGetCommandOutput = await this.#client.send(
          new BatchGetCommand({
            RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } },
          }),
        );
        for (const item of result.Responses?.[this.#table] ?? [])
          found.set(String(item.id), toEntity(item));
        keys = result.UnprocessedKeys?.[this.#table]?.Keys;
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async #writeVersioned(expectedVersion: number, items: TransactItem[]): Promise<void> {
    try {
      await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (failedCondition(error)) throw new VersionConflictError(expectedVersion, { cause: error });
      throw translateRace(error);
    }
  }

  #entityItem(entity: Entity): Item {
    return {
      ...entityKeys.item(entity.id),
      ...entityKeys.byKind(entity.kind, entity.id),
      ...entityKeys.byType(entity.id),
      type: ITEM_TYPE.entity,
      ...entity,
      updatedAt: new Date().toISOString(),
    };
  }

  #putRegionMarker(entity: Entity, region: Region): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          ...regionMarkerKeys.item(entity.id, region),
          ...regionMarkerKeys.byRegion(region, entity.id),
          type: ITEM_TYPE.regionMarker,
          entityId: entity.id,
          kind: entity.kind,
        },
      },
    };
  }
}

function toEntity(item: Item): Entity {
  return {
    id: item.id as string,
    kind: item.kind as EntityKind,
    names: item.names as Entity['names'],
    regions: (item.regions as Region[]) ?? [],
    members: (item.members as string[]) ?? [],
    version: item.version as number,
    seeded: item.seeded === true,
  };
}

function mapPage(page: Page<Item>): Page<Entity> {
  return { items: page.items.map(toEntity), nextCursor: page.nextCursor };
}

function matches(entity: Entity, filter: EntityFilter): boolean {
  return (
    (filter.kind === undefined || entity.kind === filter.kind) &&
    (filter.region === undefined || entity.regions.includes(filter.region))
  );
}

function translateRace(error: unknown): unknown {
  return lostTransactionRace(error)
    ? new ConflictError('another write to the same entity happened at the same time; retry', {
        cause: error,
      })
    : error;
}
