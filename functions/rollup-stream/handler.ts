import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createRollupDesk } from '#core';
import { createDocumentClient, createRepositories, rollupChangeOf } from '#store';
import { config } from '../config.ts';

const logger = new Logger({ serviceName: 'gcm-rollup-stream' });
const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger });
const rollups = createRollupDesk(createRepositories(createDocumentClient(), config.tableName));

/**
 * Keeps the rollups from the table's stream. The event source's filter passes only respondent
 * and round records; the same filter applies here. Each refresh reads the current state, so a
 * retried or repeated record changes nothing; failed records are reported and retried alone.
 */
export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      const change = rollupChangeOf(record);
      if (change) await rollups.refresh(change.cycleId, [change.entityId]);
    },
    processor,
    { context, processInParallel: false },
  );
