import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Contribution,
  ENTRY_TYPES,
  GOOD_PRACTICE_CATEGORIES,
  type Rollup,
  type RollupAccess,
  type RollupRepository,
  type ScopeHeadline,
} from '#core';
import { batchWrite, type WriteRequest } from './batches.ts';
import { type Item, queryPrefix } from './index-query.ts';
import { ITEM_TYPE, rollupKeys, TABLE } from './table-design.ts';

/** The parts a large scope's rollup is split into besides its head: one per entry type, and practices. */
const PRACTICES = 'PRACTICES';
/** Below this size (as JSON) a scope's rollup is one item; DynamoDB's limit is 400 KB. */
const WHOLE_BYTES = 100_000;

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
    const access = { organiser: String(head.organiser), published: head.published === true };
    const stored = head.rollup as StoredRollup;
    if (head.whole) return { ...access, rollup: expand(stored) };
    // A large scope: the counts are in its parts. Parts a scope had while it was large may
    // linger after it shrinks; only a split head reads them.
    const parts = new Map(items.map((item) => [item.part, item]));
    const practices = parts.get(PRACTICES);
    const typed = (field: 'groups' | 'items') =>
      ENTRY_TYPES.flatMap((type) =>
        ((parts.get(type)?.[field] ?? []) as Array<[string, Counts]>).map(
          ([id, counts]): [string, Partial<TypeCounts>] => [id, { [type]: counts }],
        ),
      );
    const rollup = expand({
      ...stored,
      groups: typed('groups'),
      items: typed('items'),
      goodPractices: (practices?.goodPractices ?? {}) as Rollup['goodPractices'],
      innovative: (practices?.innovative ?? []) as Rollup['innovative'],
    });
    return { ...access, rollup };
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

type TypeCounts = Rollup['groups'][string];
type Counts = TypeCounts['RECOMMENDATION'];

/**
 * A rollup as stored: zeros left out (every group and item with zero counts would make even one
 * respondent's rollup kilobytes), groups and items as lists in the framework's order (DynamoDB
 * keeps a list's order, not a map's), and that order itself, so that reading needs no framework.
 */
interface StoredRollup extends Omit<Rollup, 'groups' | 'items'> {
  order: { groups: string[]; items: string[] };
  groups: Array<[string, Partial<TypeCounts>]>;
  items: Array<[string, Partial<TypeCounts>]>;
}

/** Only the counts that are not zero: a list of `[id, { TYPE: counts }]`. */
function sparse(
  parts: Rollup['groups'],
  types: readonly (typeof ENTRY_TYPES)[number][] = ENTRY_TYPES,
) {
  return Object.entries(parts).flatMap(([id, counts]): Array<[string, Partial<TypeCounts>]> => {
    const kept = Object.fromEntries(
      types.filter((t) => counts[t].count > 0).map((t) => [t, counts[t]]),
    );
    return Object.keys(kept).length > 0 ? [[id, kept]] : [];
  });
}

/** The wire form again: every group, item, type and practice category, zeros included. */
function expand(stored: StoredRollup): Rollup {
  const { order, ...rest } = stored;
  const full = (ids: string[], kept: Array<[string, Partial<TypeCounts>]>) => {
    const byId = new Map<string, Partial<TypeCounts>>();
    for (const [id, counts] of kept) byId.set(id, { ...byId.get(id), ...counts });
    return Object.fromEntries(
      ids.map((id) => [
        id,
        Object.fromEntries(
          ENTRY_TYPES.map((t) => [t, byId.get(id)?.[t] ?? { count: 0, entities: [] }]),
        ) as TypeCounts,
      ]),
    );
  };
  return {
    ...rest,
    groups: full(order.groups, stored.groups),
    items: full(order.items, stored.items),
    goodPractices: Object.fromEntries(
      GOOD_PRACTICE_CATEGORIES.map((c) => [c, stored.goodPractices[c] ?? { count: 0, titles: [] }]),
    ),
  };
}

/**
 * A scope's items: one head holding it all when it is small (most are: one respondent, a small
 * body); for a large one, the head, a part per entry type and one for the good practices.
 */
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
  const headItem = {
    ...rollupKeys.head(cycleId, rollup.scope),
    ...rollupKeys.byCycle(cycleId, rollup.scope),
    type: ITEM_TYPE.rollupHead,
    ...access,
    headline,
  };
  const order = { groups: Object.keys(groups), items: Object.keys(items) };
  const practices = Object.fromEntries(
    Object.entries(goodPractices).filter(([, p]) => p.count > 0),
  );
  const whole: StoredRollup = {
    ...head,
    order,
    groups: sparse(groups),
    items: sparse(items),
    goodPractices: practices,
    innovative,
  };
  if (JSON.stringify(whole).length < WHOLE_BYTES)
    return [{ ...headItem, whole: true, rollup: whole }];
  return [
    {
      ...headItem,
      rollup: { ...head, order, groups: [], items: [], goodPractices: {}, innovative: [] },
    },
    ...ENTRY_TYPES.map((type) => ({
      ...rollupKeys.part(cycleId, rollup.scope, type),
      type: ITEM_TYPE.rollupPart,
      part: type,
      groups: sparse(groups, [type]).map(([id, counts]) => [id, counts[type]]),
      items: sparse(items, [type]).map(([id, counts]) => [id, counts[type]]),
    })),
    {
      ...rollupKeys.part(cycleId, rollup.scope, PRACTICES),
      type: ITEM_TYPE.rollupPart,
      part: PRACTICES,
      goodPractices: practices,
      innovative,
    },
  ];
}
