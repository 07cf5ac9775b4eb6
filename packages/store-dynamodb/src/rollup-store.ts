import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ENTRY_TYPES,
  GOOD_PRACTICE_CATEGORIES,
  type Rollup,
  type RollupAccess,
  type RollupContribution,
  type RollupRepository,
  type ScopeHeadline,
} from '#core';
import { batchWrite } from './batches.ts';
import { type Item, queryPrefix } from './index-query.ts';
import { ITEM_TYPE, rollupKeys, TABLE } from './table-design.ts';
import { failedCondition } from './transactions.ts';

/** Below this many bytes (as JSON) a scope's rollup is one item; DynamoDB's limit is 400 KB. */
const WHOLE_BYTES = 100_000;
/** Each part of a large scope's rollup stays under this many bytes. */
const PART_BYTES = 300_000;
/** How long a lease holds if its holder dies; upkeep of one cycle takes seconds. */
const LEASE_MS = 60_000;
/** How long upkeep waits for another's lease before giving up (the stream then retries). */
const LEASE_WAIT_MS = 45_000;

type TypeCounts = Rollup['groups'][string];
type EntryType = (typeof ENTRY_TYPES)[number];

/**
 * Rollups in the single table. Writes are plain puts of fully computed items (never increments),
 * so writing the same again is harmless; all items of a change go in as few BatchWriteItem calls
 * as DynamoDB allows, under the cycle's lease.
 */
export class DynamoRollupRepository implements RollupRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async lease<T>(cycleId: string, work: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const giveUp = Date.now() + LEASE_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...rollupKeys.lease(cycleId), holder, leaseUntil: Date.now() + LEASE_MS },
            ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
            ExpressionAttributeValues: { ':now': Date.now() },
          }),
        );
        break;
      } catch (error) {
        if (!failedCondition(error) || Date.now() > giveUp) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
      }
    }
    try {
      return await work();
    } finally {
      await this.#client
        .send(
          new DeleteCommand({
            TableName: this.#table,
            Key: rollupKeys.lease(cycleId),
            ConditionExpression: 'holder = :holder',
            ExpressionAttributeValues: { ':holder': holder },
          }),
        )
        .catch((error) => {
          if (!failedCondition(error)) throw error;
        });
    }
  }

  async contributions(cycleId: string): Promise<RollupContribution[]> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      rollupKeys.partition(cycleId),
      rollupKeys.contributionPrefix,
    );
    return items.map((item) => item.contribution as RollupContribution);
  }

  async write(
    cycleId: string,
    access: RollupAccess,
    contributions: readonly RollupContribution[],
    rollups: readonly Rollup[],
  ): Promise<void> {
    const puts: Item[] = [
      ...contributions.map((contribution) => ({
        ...rollupKeys.contribution(cycleId, contribution.entityId),
        type: ITEM_TYPE.rollupContribution,
        contribution,
      })),
      ...rollups.flatMap((rollup) => scopeItems(cycleId, access, rollup)),
    ];
    await batchWrite(
      this.#client,
      this.#table,
      puts.map((Item) => ({ PutRequest: { Item } })),
    );
  }

  async get(cycleId: string, scope: string) {
    // A large scope's head and parts go out in separate calls: a read that meets a head
    // without all its parts was early, and tries again.
    for (let attempt = 0; attempt < 5; attempt++) {
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
      // Parts of another generation (an earlier split of this scope) are left over; skip them.
      const parts = items
        .filter((item) => item.type === ITEM_TYPE.rollupPart && item.generation === head.generation)
        .sort((a, b) => Number(a.index) - Number(b.index));
      if (parts.length !== head.parts) {
        await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
        continue;
      }
      return { ...access, rollup: expand(joinParts(stored, parts)) };
    }
    throw new Error(`the rollup of ${cycleId} ${scope} is incomplete`);
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

/** One record of a large scope's parts: a group's or item's counts of one type, or a practice. */
type PartRecord =
  | { level: 'groups' | 'items'; id: string; type: EntryType; counts: TypeCounts[EntryType] }
  | { category: string; title: string }
  | { innovative: { entityId: string; title: string } };

/** Only the counts that are not zero: a list of `[id, { TYPE: counts }]`. */
function sparse(parts: Rollup['groups']) {
  return Object.entries(parts).flatMap(([id, counts]): Array<[string, Partial<TypeCounts>]> => {
    const kept = Object.fromEntries(
      ENTRY_TYPES.filter((t) => counts[t].count > 0).map((t) => [t, counts[t]]),
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
      GOOD_PRACTICE_CATEGORIES.map((c) => [
        c,
        stored.goodPractices[c] ?? { count: 0, entities: 0, titles: [] },
      ]),
    ),
  };
}

/** A large scope's stored rollup, its counts and practices put back from its parts' records. */
function joinParts(head: StoredRollup, parts: Item[]): StoredRollup {
  const stored: StoredRollup = {
    ...head,
    groups: [],
    items: [],
    goodPractices: Object.fromEntries(
      Object.entries(head.goodPractices).map(([c, p]) => [c, { ...p, titles: [] as string[] }]),
    ),
    innovative: [],
  };
  for (const record of parts.flatMap((part) => part.records as PartRecord[])) {
    if ('level' in record) stored[record.level].push([record.id, { [record.type]: record.counts }]);
    else if ('category' in record) stored.goodPractices[record.category]?.titles.push(record.title);
    else stored.innovative.push(record.innovative);
  }
  return stored;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * A scope's items: one head holding it all when it is small (most are: one respondent, a small
 * body); for a large one, a head with the figures and numbered parts of at most 300 KB each,
 * all stamped with one generation, so that a read never mixes two writes.
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
  if (bytes(whole) < WHOLE_BYTES) return [{ ...headItem, whole: true, rollup: whole }];

  const records: PartRecord[] = [
    ...(['groups', 'items'] as const).flatMap((level) =>
      Object.entries(level === 'groups' ? groups : items).flatMap(([id, counts]) =>
        ENTRY_TYPES.filter((type) => counts[type].count > 0).map((type) => ({
          level,
          id,
          type,
          counts: counts[type],
        })),
      ),
    ),
    ...Object.entries(practices).flatMap(([category, p]) =>
      p.titles.map((title) => ({ category, title })),
    ),
    ...innovative.map((entry) => ({ innovative: entry })),
  ];
  const chunks: PartRecord[][] = [[]];
  let size = 0;
  for (const record of records) {
    const recordSize = bytes(record);
    if (size + recordSize > PART_BYTES) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)?.push(record);
    size += recordSize;
  }
  const generation = randomUUID();
  const counted = Object.fromEntries(
    Object.entries(practices).map(([c, p]) => [c, { ...p, titles: [] }]),
  );
  return [
    {
      ...headItem,
      generation,
      parts: chunks.length,
      rollup: { ...head, order, groups: [], items: [], goodPractices: counted, innovative: [] },
    },
    ...chunks.map((chunk, index) => ({
      // By index, so each write overwrites the last; a longer earlier split leaves a few parts
      // of another generation behind, which reads skip.
      ...rollupKeys.part(cycleId, rollup.scope, String(index).padStart(3, '0')),
      type: ITEM_TYPE.rollupPart,
      generation,
      index,
      records: chunk,
    })),
  ];
}
