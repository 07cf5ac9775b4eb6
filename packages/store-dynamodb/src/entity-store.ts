import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Entity,
  EntityFilter,
  EntityInput,
  EntityKind,
  EntityRepository,
  Page,
  PageRequest,
  Region,
} from '#core';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  BATCH_GET_LIMIT,
  batchGet,
  type IndexList,
  type Item,
  type ItemFilter,
  queryIndexPage,
  queryPrefix,
} from './index-query.ts';
import { entityKeys, ITEM_TYPE, membershipKeys, regionMarkerKeys, TABLE } from './table-design.ts';
import { type TransactItem, writeNew, writeOneVersioned, writeVersioned } from './transactions.ts';

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

  async getMany(ids: string[]): Promise<Entity[]> {
    const items = await batchGet(this.#client, this.#table, ids.map(entityKeys.item));
    const found = new Map(items.map((item) => [String(item.id), toEntity(item)]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async create(input: EntityInput, { seeded = false } = {}): Promise<Entity> {
    const entity: Entity = { ...input, version: 1, seeded };
    await writeNew(this.#client, `entity ${input.id}`, [
      {
        Put: {
          TableName: this.#table,
          Item: this.#entityItem(entity),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...entity.regions.map((region) => this.#putRegionMarker(entity, region)),
    ]);
    return entity;
  }

  async replace(input: EntityInput, current: Entity, expectedVersion: number): Promise<Entity> {
    const entity: Entity = { ...input, version: expectedVersion + 1, seeded: current.seeded };
    // `current` was read at `expectedVersion`, which the condition below holds to: the regions it
    // left are exactly the ones whose markers go.
    const dropped = current.regions.filter((region) => !entity.regions.includes(region));
    await writeVersioned(this.#client, expectedVersion, [
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

  async replaceMembers(
    current: Entity,
    members: string[],
    expectedVersion: number,
  ): Promise<Entity> {
    await writeOneVersioned(this.#client, expectedVersion, {
      Update: {
        TableName: this.#table,
        Key: entityKeys.item(current.id),
        UpdateExpression: 'SET members = :members, version = :next, updatedAt = :now',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: {
          ':members': members,
          ':next': expectedVersion + 1,
          ':expected': expectedVersion,
          ':now': new Date().toISOString(),
        },
      },
    });
    return { ...current, members, version: expectedVersion + 1 };
  }

  async delete(current: Entity, expectedVersion: number): Promise<void> {
    await writeVersioned(this.#client, expectedVersion, [
      {
        Delete: {
          TableName: this.#table,
          Key: entityKeys.item(current.id),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      ...current.regions.map((region) => ({
        Delete: { TableName: this.#table, Key: regionMarkerKeys.item(current.id, region) },
      })),
    ]);
  }

  async membershipsOf(stateId: string): Promise<string[]> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      membershipKeys.partition(stateId),
      membershipKeys.skPrefix,
    );
    return items.map((item) => String(item.parentId));
  }

  async list(filter: EntityFilter, page: PageRequest): Promise<Page<Entity>> {
    if (filter.memberOf !== undefined) return this.#listMembers(filter.memberOf, filter, page);
    if (filter.region !== undefined) {
      const region = filter.region;
      const markers = await queryIndexPage(
        this.#client,
        this.#table,
        {
          index: TABLE.byCollection,
          partition: regionMarkerKeys.regionPartition(region),
          startKey: (id) => ({
            ...regionMarkerKeys.item(id, region),
            ...regionMarkerKeys.byRegion(region, id),
          }),
        },
        page,
        filter.kind && kindIs(filter.kind),
      );
      // The markers come from an index that may lag a region change; the entities are the truth.
      const entities = await this.getMany(markers.items.map((marker) => String(marker.entityId)));
      return {
        items: entities.filter((entity) => matches(entity, filter)),
        nextCursor: markers.nextCursor,
      };
    }
    const kind = filter.kind;
    const list: IndexList = kind
      ? {
          index: TABLE.byCollection,
          partition: entityKeys.kindPartition(kind),
          startKey: (id) => ({ ...entityKeys.item(id), ...entityKeys.byKind(kind, id) }),
        }
      : {
          index: TABLE.byType,
          partition: entityKeys.typePartition,
          startKey: (id) => ({ ...entityKeys.item(id), ...entityKeys.byType(id) }),
        };
    const { items, nextCursor } = await queryIndexPage(this.#client, this.#table, list, page);
    return { items: items.map(toEntity), nextCursor };
  }

  /** Member states of an ISCM or partner, in id order, read from its own item. */
  async #listMembers(
    parentId: string,
    filter: EntityFilter,
    page: PageRequest,
  ): Promise<Page<Entity>> {
    const list = `MEMBERS#${parentId}`;
    const after = decodeCursor(page.cursor, list);
    const parent = await this.get(parentId);
    const remaining = [...(parent?.members ?? [])]
      .sort()
      .filter((id) => after === undefined || id > after);
    const items: Entity[] = [];
    let lastId: string | undefined;
    while (items.length < page.limit && remaining.length > 0) {
      const ids = remaining.splice(0, Math.min(BATCH_GET_LIMIT, page.limit - items.length));
      items.push(...(await this.getMany(ids)).filter((entity) => matches(entity, filter)));
      lastId = ids.at(-1);
    }
    return {
      items,
      nextCursor: remaining.length > 0 && lastId ? encodeCursor(list, lastId) : null,
    };
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

function kindIs(kind: EntityKind): ItemFilter {
  return { expression: '#kind = :kind', names: { '#kind': 'kind' }, values: { ':kind': kind } };
}

function matches(entity: Entity, filter: EntityFilter): boolean {
  return (
    (filter.kind === undefined || entity.kind === filter.kind) &&
    (filter.region === undefined || entity.regions.includes(filter.region))
  );
}
