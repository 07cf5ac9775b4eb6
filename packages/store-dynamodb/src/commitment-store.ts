import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Commitment, CommitmentFilter, CommitmentRepository, Page, PageRequest } from '#core';
import {
  batchGet,
  type Item,
  type ItemFilter,
  queryIndexPage,
  withoutKeys,
} from './index-query.ts';
import { commitmentKeys, ITEM_TYPE, TABLE } from './table-design.ts';
import { type TransactItem, writeNew, writeVersioned } from './transactions.ts';

/** Commitments, each written in one transaction with a party marker per owner and co-owner. */
export class DynamoCommitmentRepository implements CommitmentRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<Commitment | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: commitmentKeys.item(id),
        ConsistentRead: true,
      }),
    );
    return Item ? toCommitment(Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Commitment[]> {
    return (await batchGet(this.#client, this.#table, ids.map(commitmentKeys.item))).map(
      toCommitment,
    );
  }

  async list(filter: CommitmentFilter, page: PageRequest): Promise<Page<Commitment>> {
    if (filter.owner !== undefined) {
      const owner = filter.owner;
      const markers = await queryIndexPage(
        this.#client,
        this.#table,
        {
          index: TABLE.byCollection,
          partition: commitmentKeys.partyPartition(owner),
          startKey: (id) => ({
            ...commitmentKeys.party(id, owner),
            ...commitmentKeys.byParty(owner, id),
          }),
        },
        page,
      );
      const ids = markers.items.map((marker) => String(marker.commitmentId));
      const stored = await batchGet(this.#client, this.#table, ids.map(commitmentKeys.item));
      const found = new Map(stored.map((item): [string, Item] => [String(item.id), item]));
      const items = ids
        .map((id) => found.get(id))
        .filter((item): item is Item => item !== undefined)
        .filter((item) => matches(item, filter));
      return { items: items.map(toCommitment), nextCursor: markers.nextCursor };
    }
    const result = await queryIndexPage(
      this.#client,
      this.#table,
      {
        index: TABLE.byType,
        partition: commitmentKeys.typePartition,
        startKey: (id) => ({ ...commitmentKeys.item(id), ...commitmentKeys.byType(id) }),
      },
      page,
      dynamoFilter(filter),
    );
    return { items: result.items.map(toCommitment), nextCursor: result.nextCursor };
  }

  async create(commitment: Commitment, searchTags: string[]): Promise<Commitment> {
    await writeNew(this.#client, `commitment ${commitment.id}`, [
      {
        Put: {
          TableName: this.#table,
          Item: this.#item(commitment, searchTags),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...parties(commitment).map((entityId) => this.#putParty(commitment.id, entityId)),
    ]);
    return commitment;
  }

  async replace(
    commitment: Commitment,
    current: Commitment,
    searchTags: string[],
  ): Promise<Commitment> {
    const now = parties(commitment);
    const gone = parties(current).filter((entityId) => !now.includes(entityId));
    await writeVersioned(this.#client, current.version, [
      {
        Put: {
          TableName: this.#table,
          Item: this.#item(commitment, searchTags),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        },
      },
      ...now.map((entityId) => this.#putParty(commitment.id, entityId)),
      ...gone.map((entityId) => ({
        Delete: { TableName: this.#table, Key: commitmentKeys.party(commitment.id, entityId) },
      })),
    ]);
    return commitment;
  }

  async delete(current: Commitment): Promise<void> {
    await writeVersioned(this.#client, current.version, [
      {
        Delete: {
          TableName: this.#table,
          Key: commitmentKeys.item(current.id),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        },
      },
      ...parties(current).map((entityId) => ({
        Delete: { TableName: this.#table, Key: commitmentKeys.party(current.id, entityId) },
      })),
    ]);
  }

  #item(commitment: Commitment, searchTags: string[]): Item {
    return {
      ...commitmentKeys.item(commitment.id),
      ...commitmentKeys.byType(commitment.id),
      type: ITEM_TYPE.commitment,
      ...commitment,
      searchTags,
      updatedAt: new Date().toISOString(),
    };
  }

  #putParty(id: string, entityId: string): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          ...commitmentKeys.party(id, entityId),
          ...commitmentKeys.byParty(entityId, id),
          type: ITEM_TYPE.party,
          commitmentId: id,
          entityId,
        },
      },
    };
  }
}

/** The owner and the co-owners: the entities the owner filter finds a commitment under. */
function parties(commitment: Commitment): string[] {
  return [commitment.owner, ...commitment.coOwners];
}

function dynamoFilter(filter: CommitmentFilter): ItemFilter | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.level) {
    clauses.push('#level = :level');
    names['#level'] = 'level';
    values[':level'] = filter.level;
  }
  if (filter.tag) {
    clauses.push('contains(#searchTags, :tag)');
    names['#searchTags'] = 'searchTags';
    values[':tag'] = filter.tag;
  }
  if (filter.sdgTarget) {
    clauses.push('contains(#sdgTargets, :sdg)');
    names['#sdgTargets'] = 'sdgTargets';
    values[':sdg'] = filter.sdgTarget;
  }
  return clauses.length > 0 ? { expression: clauses.join(' AND '), names, values } : undefined;
}

function matches(item: Item, filter: CommitmentFilter): boolean {
  return (
    (filter.level === undefined || item.level === filter.level) &&
    (filter.tag === undefined || (item.searchTags as string[]).includes(filter.tag)) &&
    (filter.sdgTarget === undefined || (item.sdgTargets as string[]).includes(filter.sdgTarget))
  );
}

function toCommitment(item: Item): Commitment {
  const { searchTags: _searchTags, updatedAt: _updatedAt, ...commitment } = withoutKeys(item);
  return commitment as Commitment;
}
