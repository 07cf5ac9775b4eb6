import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient, MembershipIndex } from '#store';
import { tableName } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-entity-stream' });
const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger });
const membershipIndex = new MembershipIndex(createDocumentClient(), tableName());

/**
 * Keeps derived items (the reverse membership index) from the table's stream. Records are applied
 * one after the other, in stream order, since two changes to one member list must not cross;
 * failed records are reported so that only they are retried.
 */
export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(
    event,
    (record: DynamoDBRecord) => membershipIndex.apply(record),
    processor,
    { context, processInParallel: false },
  );
