import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Contribution,
  ENTRY_TYPES,
  type Rollup,
  type RollupAccess,
  type RollupRepository,
  type ScopeHeadline,
} from '#core';
import { batchWrite, type WriteRequest } from './batches.ts';
import { type Item, queryPrefix } from './index-query.ts';
import { ITEM_TYPE, rollupKeys, TABLE } from './table-design.ts';

/** The parts a scope's rollup is split into besides its head: one per entry type, and practices. */
const PRACTICES = 'PRACTICES';

/**
 * Rollups in the single table. Writes are plain puts of fully computed items (never increments),
 * so writing the same again is harmless; all items of a change go in as few BatchWriteItem calls
 * as DynamoDB allows (25 items each: four scopes and a contribution).
 */
export class DynamoRollupRepository implements RollupRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  /** BatchWriteItem calls made by the last write, for the bench. */
  lastWriteCalls = 0;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async contributions(cycleId: string): Promise<Contribution[]> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      rollupKeys.partition(cycleId),
      rollupKeys.contributionPrefix,
    );
    return items.map((item) => item.contribution as Contribution);
  }

  async write(
    cycleId: string,
    access: RollupAccess,
    contributions: readonly Contribution[],
    rollups: readonly Rollup[],
  ): Promise<void> {
    const puts: Item[] = [
      ...contributions.map((contribution) => ({
        ...rollupKeys.contribution(cycleId, contribution.entityId),
        type: ITEM_TYPE.contribution,
        contribution,
      })),
      ...rollups.flatMap((rollup) => scopeItems(cycleId, access, rollup)),
    ];
    const requests: WriteRequest[] = puts.map((Item) => ({ PutRequest: { Item } }));
    this.lastWriteCalls = await batchWrite(this.#client, this.#table, requests);
  }

  async get(cycleId: string, scope: string) {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      rollupKeys.partition(cycleId),
      rollupKeys.scopePrefix(scope),
    );
    const head = items.find((item) => item.type === ITEM_TYPE.rollupHead);
    if (!head) return undefined;
    const parts = new Map(items.map((item) => [item.part, item]));
    const practices = parts.get(PRACTICES);
    /** Groups or items from the type parts, in the framework's order (kept as lists). */
    const join = (field: 'groups' | 'items') => {
      const joined: Rollup['groups'] = {};
      for (const type of ENTRY_TYPES) {
        for (const [id, counts] of (parts.get(type)?.[field] ?? []) as Array<[string, never]>) {
          joined[id] = { ...joined[id], [type]: counts } as Rollup['groups'][string];
        }
      }
      return joined;
    };
    const rollup: Rollup = {
      ...(head.rollup as Omit<Rollup, 'groups' | 'items' | 'goodPractices' | 'innovative'>),
      groups: join('groups'),
      items: join('items'),
      goodPractices: (practices?.goodPractices ?? {}) as Rollup['goodPractices'],
      innovative: (practices?.innovative ?? []) as Rollup['innovative'],
    };
    return { organiser: String(head.organiser), published: head.published === true, rollup };
  }

  async headlines(cycleId: string) {
    const heads: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: TABLE.byCollection.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.byCollection.partitionKey },
          ExpressionAttributeValues: { ':pk': rollupKeys.headsPartition(cycleId) },
          ExclusiveStartKey: startKey,
        }),
      );
      heads.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return heads.map((head) => ({
      organiser: String(head.organiser),
      published: head.published === true,
      headline: head.headline as ScopeHeadline,
    }));
  }
}

/** A scope's items: the head, a part per entry type, and the good practices. */
function scopeItems(cycleId: string, access: RollupAccess, rollup: Rollup): Item[] {
  const { groups, items, goodPractices, innovative, ...head } = rollup;
  const headline: ScopeHeadline = {
    scope: rollup.scope,
    asked: rollup.asked,
    responded: rollup.responded,
    responseRate: rollup.responseRate,
    onTime: rollup.onTime,
    late: rollup.late,
    overdue: rollup.overdue,
    missing: rollup.missing,
    returned: rollup.returned,
    accepted: rollup.accepted,
  };
  // Lists, not maps: DynamoDB keeps a list's order, and the framework's order is the one to show.
  const byType = (parts: Rollup['groups'], type: (typeof ENTRY_TYPES)[number]) =>
    Object.entries(parts).map(([id, counts]) => [id, counts[type]]);
  return [
    {
      ...rollupKeys.head(cycleId, rollup.scope),
      ...rollupKeys.byCycle(cycleId, rollup.scope),
      type: ITEM_TYPE.rollupHead,
      ...access,
      headline,
      rollup: head,
    },
    ...ENTRY_TYPES.map((type) => ({
      ...rollupKeys.part(cycleId, rollup.scope, type),
      type: ITEM_TYPE.rollupPart,
      part: type,
      groups: byType(groups, type),
      items: byType(items, type),
    })),
    {
      ...rollupKeys.part(cycleId, rollup.scope, PRACTICES),
      type: ITEM_TYPE.rollupPart,
      part: PRACTICES,
      goodPractices,
      innovative,
    },
  ];
}
