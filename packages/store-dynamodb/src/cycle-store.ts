import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  type Cycle,
  type CycleFilter,
  type CycleRepository,
  type NoticeKind,
  type Page,
  type PageRequest,
  type Respondent,
  VersionConflictError,
} from '#core';
import { chunks } from './batches.ts';
import { batchGet, type Item, queryIndexPage, queryPrefix, withoutKeys } from './index-query.ts';
import { cycleKeys, ITEM_TYPE, TABLE } from './table-design.ts';
import { failedCondition, writeNew, writeOne, writeVersioned } from './transactions.ts';

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
      const cycles = await batchGet(
        this.#client,
        this.#table,
        records.items.map((r) => cycleKeys.item(String(r.cycleId))),
      );
      const byId = new Map(cycles.map((item): [string, Item] => [String(item.id), item]));
      const items = records.items.flatMap((record) => {
        const cycle = byId.get(String(record.cycleId));
        const matches =
          cycle && (filter.organiser === undefined || cycle.organiser === filter.organiser);
        return matches ? [{ cycle: toCycle(cycle), respondent: toRespondent(record) }] : [];
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
    await writeNew(this.#client, `cycle ${cycle.id}`, [
      {
        Put: {
          TableName: this.#table,
          Item: this.#item(cycle),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
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
    return items.map(toRespondent);
  }

  async respondent(cycleId: string, entityId: string): Promise<Respondent | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: cycleKeys.respondent(cycleId, entityId),
        ConsistentRead: true,
      }),
    );
    return Item ? toRespondent(Item) : undefined;
  }

  async putRespondents(respondents: Respondent[]): Promise<void> {
    // Plain puts, safe to repeat: the cycle is still a DRAFT, so no respondent has written anything yet.
    for (const batch of chunks(respondents, PARALLEL_WRITES)) {
      await Promise.all(
        batch.map((respondent) =>
          this.#client.send(
            new PutCommand({ TableName: this.#table, Item: this.#respondentItem(respondent) }),
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
          Item: this.#respondentItem(respondent),
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
    await this.#putVersioned(this.#respondentItem(respondent), current.version);
  }

  async #putVersioned(item: Item, expectedVersion: number): Promise<void> {
    try {
      await writeOne(this.#client, {
        Put: {
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      });
    } catch (error) {
      if (failedCondition(error)) throw new VersionConflictError(expectedVersion, { cause: error });
      throw error;
    }
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

  #respondentItem(respondent: Respondent): Item {
    return {
      ...cycleKeys.respondent(respondent.cycleId, respondent.entityId),
      ...cycleKeys.byRespondent(respondent.entityId, respondent.cycleId),
      type: ITEM_TYPE.respondent,
      ...respondent,
    };
  }
}

function toCycle(item: Item): Cycle {
  return withoutKeys(item) as Cycle;
}

function toRespondent(item: Item): Respondent {
  return withoutKeys(item) as unknown as Respondent;
}
