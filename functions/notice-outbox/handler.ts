import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { enqueueNotice } from '#email';
import { pendingNoticeOf } from '#store';
import { config, required } from '../config.ts';

const logger = new Logger({ serviceName: 'gcm-notice-outbox' });
const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger });
const sqs = new SQSClient();
const queueUrl = required(config.noticeQueueUrl, 'NOTICE_QUEUE_URL');

/**
 * Hands each notice written PENDING to the email sender's queue, from the table's stream (the
 * event source's filter passes only those; the same rule applies here). A record that fails is
 * retried alone, then kept in the stream's dead-letter queue.
 */
export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      const noticeId = pendingNoticeOf(record);
      if (noticeId) await enqueueNotice(sqs, queueUrl, noticeId);
    },
    processor,
    { context },
  );
