import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createRollupDesk } from '#core';
import { rollupChangeOf, rollupChangesOf } from '#store';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-rollup-stream' });
const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger });
const rollups = createRollupDesk(tableRepositories());

/**
 * Keeps the rollups from the table's stream. The event source's filter passes only respondent
 * and round records; the same filter applies here. The respondents a batch touched are
 * refreshed once per cycle (opening a cycle touches them all at once); a cycle whose refresh
 * fails has its records reported and retried. Each refresh reads the current state, so a
 * retried or repeated record changes nothing.
 */
export const handler = (event: DynamoDBStreamEvent, context: Context) => {
  const touched = rollupChangesOf(event.Records);
  const refreshed = new Map<string, Promise<void>>();
  return processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      const change = rollupChangeOf(record);
      if (!change) return;
      let refresh = refreshed.get(change.cycleId);
      if (!refresh) {
        refresh = rollups.refresh(change.cycleId, touched.get(change.cycleId) ?? []);
        refreshed.set(change.cycleId, refresh);
      }
      await refresh;
    },
    processor,
    { context, processInParallel: false },
  );
};
