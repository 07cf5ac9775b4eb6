import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  type ImportCounts,
  type ImportedRespondent,
  type ImportPhase,
  type ImportProgress,
  type ImportRepository,
  noCounts,
} from '#core';
import { respondentItem } from './cycle-store.ts';
import { withoutKeys } from './index-query.ts';
import { submissionItem, versionItem } from './submission-store.ts';
import { cycleKeys, ITEM_TYPE, importKeys } from './table-design.ts';
import {
  failedAnywhere,
  failedCondition,
  type TransactItem,
  transact,
  writeOne,
} from './transactions.ts';

/** Bulk imports' progress records, and the respondents of the closed cycles they bring. */
export class DynamoImportRepository implements ImportRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async progress(importId: string): Promise<ImportProgress | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: importKeys.item(importId),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutKeys(Item) as unknown as ImportProgress) : undefined;
  }

  async begin(
    importId: string,
    run: { at: string; files: string[]; by: string },
  ): Promise<ImportProgress> {
    // Always a write, and the run's first: a request's Idempotency-Key joins it, never the
    // parallel writes that follow.
    await writeOne(this.#client, {
      Update: {
        TableName: this.#table,
        Key: importKeys.item(importId),
        UpdateExpression:
          'SET #type = :type, importId = :id, #status = if_not_exists(#status, :running), ' +
          'startedAt = if_not_exists(startedAt, :at), batches = if_not_exists(batches, :none), ' +
          'counts = if_not_exists(counts, :zero), files = :files, #by = :by, lastRunAt = :at ' +
          'ADD runs :one',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status', '#by': 'by' },
        ExpressionAttributeValues: {
          ':type': ITEM_TYPE.importProgress,
          ':id': importId,
          ':running': 'RUNNING',
          ':at': run.at,
          ':none': {},
          ':zero': noCounts(),
          ':files': run.files,
          ':by': run.by,
          ':one': 1,
        },
      },
    });
    const progress = await this.progress(importId);
    if (!progress) throw new Error(`the progress record of import ${importId} was not written`);
    return progress;
  }

  async checkpoint(
    importId: string,
    phase: ImportPhase,
    batches: number,
    counts: ImportCounts,
  ): Promise<void> {
    await this.#update({
      Key: importKeys.item(importId),
      UpdateExpression: 'SET batches.#phase = :batches, counts = :counts',
      ExpressionAttributeNames: { '#phase': phase },
      ExpressionAttributeValues: { ':batches': batches, ':counts': counts },
    });
  }

  async finish(importId: string, at: string): Promise<void> {
    await this.#update({
      Key: importKeys.item(importId),
      UpdateExpression: 'SET #status = :done, finishedAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'DONE', ':at': at },
    });
  }

  async writeRespondent(record: ImportedRespondent): Promise<boolean> {
    const { respondent, missing, submission, version } = record;
    const { cycleId, entityId } = respondent;
    const put = (Item: Record<string, unknown>): TransactItem => ({
      Put: { TableName: this.#table, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const items: TransactItem[] = [put(respondentItem(respondent))];
    // What the close records beside the respondent: it never reported.
    if (missing)
      items.push(
        put({
          ...cycleKeys.respondentRound(cycleId, entityId),
          type: ITEM_TYPE.respondentRound,
          cycleId,
          entityId,
          missing: true,
        }),
      );
    if (submission) items.push(put(submissionItem(submission)));
    if (version) items.push(put(versionItem(version)));
    try {
      await transact(this.#client, items);
      return true;
    } catch (error) {
      // The respondent is there: an earlier run of the import wrote it with the rest.
      if (failedCondition(error, 0)) return false;
      if (failedAnywhere(error))
        throw new ConflictError(
          `the respondent ${entityId} of ${cycleId} is not there, but its report is`,
          { cause: error },
        );
      throw error;
    }
  }

  async #update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<void> {
    await this.#client.send(new UpdateCommand({ TableName: this.#table, ...input }));
  }
}
