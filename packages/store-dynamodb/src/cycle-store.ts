import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ConcurrentWriteError,
  ConflictError,
  type Cycle,
  type CycleFilter,
  type CycleRepository,
  type NoticeKind,
  type Page,
  type PageRequest,
  type Respondent,
  type RoundRecord,
} from '#core';
import { chunks } from './batches.ts';
import { batchGet, type Item, queryIndexPage, queryPrefix, withoutKeys } from './index-query.ts';
import { cycleKeys, ITEM_TYPE, seriesKeys, TABLE } from './table-design.ts';
import {
  failedAnywhere,
  failedCondition,
  type TransactItem,
  versionCondition,
  writeNew,
  writeOne,
  writeOneVersioned,
  writeVersioned,
} from './transactions.ts';

/** Writes in flight at once when a cycle opens to many respondents. */
const PARALLEL_WRITES = 16;

/** Cycles and their respondents in the single table. */
export class DynamoCycleRepository implements CycleRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<Cycle | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: cycleKeys.item(id), ConsistentRead: true }),
    );
    return Item ? toCycle(Item) : undefined;
  }

  async list(
    filter: CycleFilter,
    page: PageRequest,
  ): Promise<Page<{ cycle: Cycle; respondent?: Respondent }>> {
    if (filter.respondent !== undefined) {
      const entityId = filter.respondent;
      const records = await queryIndexPage(
        this.#client,
        this.#table,
        {
          index: TABLE.byCollection,
          partition: cycleKeys.respondentPartition(entityId),
          startKey: (id) => ({
            ...cycleKeys.respondent(id, entityId),
            ...cycleKeys.byRespondent(entityId, id),
          }),
        },
        page,
      );
      // One batch reads the cycles and the workflow's round records of this entity.
      const read = await batchGet(this.#client, this.#table, [
        ...records.items.map((r) => cycleKeys.item(String(r.cycleId))),
        ...records.items.map((r) => cycleKeys.respondentRound(String(r.cycleId), entityId)),
      ]);
      const byId = new Map(
        read
          .filter((i) => i.type === ITEM_TYPE.cycle)
          .map((i): [string, Item] => [String(i.id), i]),
      );
      const rounds = new Map(
        read
          .filter((i) => i.type === ITEM_TYPE.respondentRound)
          .map((i): [string, Item] => [String(i.cycleId), i]),
      );
      const items = records.items.flatMap((record) => {
        const cycle = byId.get(String(record.cycleId));
        const matches =
          cycle && (filter.organiser === undefined || cycle.organiser === filter.organiser);
        const respondent = toRespondent(record, rounds.get(String(record.cycleId)));
        return matches ? [{ cycle: toCycle(cycle), respondent }] : [];
      });
      return { items, nextCursor: records.nextCursor };
    }
    const organiser = filter.organiser;
    const result = await queryIndexPage(
      this.#client,
      this.#table,
      organiser
        ? {
            index: TABLE.byCollection,
            partition: cycleKeys.organiserPartition(organiser),
            startKey: (id) => ({ ...cycleKeys.item(id), ...cycleKeys.byOrganiser(organiser, id) }),
          }
        : {
            index: TABLE.byType,
            partition: cycleKeys.typePartition,
            startKey: (id) => ({ ...cycleKeys.item(id), ...cycleKeys.byType(id) }),
          },
      page,
    );
    return {
      items: result.items.map((item) => ({ cycle: toCycle(item) })),
      nextCursor: result.nextCursor,
    };
  }

  async create(cycle: Cycle): Promise<Cycle> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.#table,
          Item: this.#item(cycle),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (cycle.seriesId !== null) {
      // The cycle follows the series' last one only if no other cycle joined it meanwhile.
      const previous = cycle.previousCycleId;
      items.push({
        Update: {
          TableName: this.#table,
          Key: seriesKeys.item(cycle.seriesId),
          UpdateExpression: 'SET lastCycleId = :id',
          ConditionExpression:
            previous === null
              ? 'attribute_exists(pk) AND attribute_not_exists(lastCycleId)'
              : 'lastCycleId = :previous',
          ExpressionAttributeValues: {
            ':id': cycle.id,
            ...(previous !== null && { ':previous': previous }),
          },
        },
      });
    }
    try {
      await writeNew(this.#client, `cycle ${cycle.id}`, items);
    } catch (error) {
      // The cycle was new, but the series moved on: another cycle joined it first.
      if (failedAnywhere(error)) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
    return cycle;
  }

  async replace(cycle: Cycle, current: Cycle): Promise<Cycle> {
    await this.#putVersioned(this.#item(cycle), current.version);
    return cycle;
  }

  async replaceWithEvent(cycle: Cycle, current: Cycle, event: NoticeKind): Promise<Cycle> {
    await writeVersioned(this.#client, current.version, [
      {
        Put: {
          TableName: this.#table,
          Item: this.#item(cycle),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...cycleKeys.event(cycle.id, event),
            type: ITEM_TYPE.event,
            cycleId: cycle.id,
            kind: event,
            at: new Date().toISOString(),
          },
        },
      },
    ]);
    return cycle;
  }

  async pendingEvents(cycleId: string): Promise<NoticeKind[]> {
    const events = await queryPrefix(
      this.#client,
      this.#table,
      cycleKeys.partition(cycleId),
      cycleKeys.eventPrefix,
    );
    return events.map((item) => item.kind as NoticeKind);
  }

  async completeEvent(cycleId: string, event: NoticeKind): Promise<void> {
    await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: cycleKeys.event(cycleId, event) }),
    );
  }

  async respondents(cycleId: string): Promise<Respondent[]> {
    const items = await queryPrefix(
      this.#client,
      this.#table,
      cycleKeys.partition(cycleId),
      cycleKeys.respondentPrefix,
    );
    return withRounds(items);
  }

  async respondent(cycleId: string, entityId: string): Promise<Respondent | undefined> {
    // The record and its round record, side by side in the sort order.
    const { Items } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :record AND :round',
        ExpressionAttributeValues: {
          ':pk': cycleKeys.partition(cycleId),
          ':record': cycleKeys.respondent(cycleId, entityId).sk,
          ':round': cycleKeys.respondentRound(cycleId, entityId).sk,
        },
        ConsistentRead: true,
      }),
    );
    return withRounds(Items ?? [])[0];
  }

  async recordRound(cycleId: string, entityId: string, change: RoundRecord): Promise<void> {
    const set = ['#type = :type', 'cycleId = :cycle', 'entityId = :entity'];
    const add: string[] = [];
    const values: Item = {
      ':type': ITEM_TYPE.respondentRound,
      ':cycle': cycleId,
      ':entity': entityId,
    };
    // Sets, so that recording the same steps again changes nothing.
    if (change.steps.length > 0) {
      add.push('stepsDone :steps');
      values[':steps'] = new Set(change.steps);
    }
    if (change.reminders.length > 0) {
      add.push('remindersDone :reminders');
      values[':reminders'] = new Set(change.reminders);
    }
    if (change.overdueAt) {
      set.push('overdueAt = if_not_exists(overdueAt, :overdue)');
      values[':overdue'] = change.overdueAt;
    }
    if (change.missing) {
      set.push('#missing = :missing');
      values[':missing'] = true;
    }
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: cycleKeys.respondentRound(cycleId, entityId),
        UpdateExpression: `SET ${set.join(', ')}${add.length > 0 ? ` ADD ${add.join(', ')}` : ''}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          ...(change.missing && { '#missing': 'missing' }),
        },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async putRespondents(respondents: Respondent[]): Promise<void> {
    // Plain puts, safe to repeat: the cycle is still a DRAFT, so no respondent has written anything yet.
    for (const batch of chunks(respondents, PARALLEL_WRITES)) {
      await Promise.all(
        batch.map((respondent) =>
          this.#client.send(
            new PutCommand({ TableName: this.#table, Item: respondentItem(respondent) }),
          ),
        ),
      );
    }
  }

  async addRespondent(respondent: Respondent): Promise<void> {
    try {
      await writeOne(this.#client, {
        Put: {
          TableName: this.#table,
          Item: respondentItem(respondent),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    } catch (error) {
      if (failedCondition(error)) {
        throw new ConflictError(
          `${respondent.entityId} is a respondent of ${respondent.cycleId} already`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async replaceRespondent(respondent: Respondent, current: Respondent): Promise<void> {
    await this.#putVersioned(respondentItem(respondent), current.version);
  }

  async #putVersioned(item: Item, expectedVersion: number): Promise<void> {
    await writeOneVersioned(this.#client, expectedVersion, {
      Put: { TableName: this.#table, Item: item, ...versionCondition(expectedVersion) },
    });
  }

  #item(cycle: Cycle): Item {
    return {
      ...cycleKeys.item(cycle.id),
      ...cycleKeys.byType(cycle.id),
      ...cycleKeys.byOrganiser(cycle.organiser, cycle.id),
      type: ITEM_TYPE.cycle,
      ...cycle,
    };
  }
}

function toCycle(item: Item): Cycle {
  return withoutKeys(item) as Cycle;
}

/**
 * A respondent record as stored: what the respondent's and the organiser's writes own. The
 * workflow's fields are left out; they live in the round record and are never overwritten here.
 */
export function respondentItem(respondent: Respondent): Item {
  const { stepsDone: _s, remindersSent: _r, overdueAt: _o, missing: _m, ...own } = respondent;
  return {
    ...cycleKeys.respondent(respondent.cycleId, respondent.entityId),
    ...cycleKeys.byRespondent(respondent.entityId, respondent.cycleId),
    type: ITEM_TYPE.respondent,
    ...own,
  };
}

/** A respondent from its record and, when the workflow has written one, its round record. */
function toRespondent(record: Item, round: Item | undefined): Respondent {
  const { remindersSent: _legacy, ...own } = withoutKeys(record);
  return {
    ...own,
    stepsDone: [...((round?.stepsDone as Set<string> | undefined) ?? [])],
    remindersSent: (round?.remindersDone as Set<string> | undefined)?.size ?? 0,
    overdueAt: (round?.overdueAt as string | undefined) ?? null,
    missing: round?.missing === true,
  } as unknown as Respondent;
}

/** Respondents from a read of records and round records together. */
function withRounds(items: Item[]): Respondent[] {
  const rounds = new Map(
    items
      .filter((i) => i.type === ITEM_TYPE.respondentRound)
      .map((i): [string, Item] => [String(i.entityId), i]),
  );
  return items
    .filter((i) => i.type === ITEM_TYPE.respondent)
    .map((i) => toRespondent(i, rounds.get(String(i.entityId))));
}
