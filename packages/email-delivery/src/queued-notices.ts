import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { type NoticeRepository, sendPendingNotice } from '#core';
import { QueuedNotice } from './queued-delivery.ts';
import { type NoticeSender, RetryableSendError } from './ses-sender.ts';

/** Receives of one message before the queue's redrive moves it to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 8;
/** The first retry waits a minute; each next one twice as long, up to six hours. */
const FIRST_RETRY_SECONDS = 60;
const LONGEST_RETRY_SECONDS = 6 * 3600;
/** Up to this share is added at random, so that notices throttled together do not retry together. */
const JITTER = 0.2;

export interface QueuedNoticeDeps {
  notices: Pick<NoticeRepository, 'get' | 'setStatus'>;
  sender: NoticeSender;
  sqs: SQSClient;
  queueUrl: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** In [0, 1): the jitter's source, fixed in tests. */
  random?: () => number;
}

/**
 * How long a notice waits before its next try, after its `receiveCount`th failed: 60 s, 120 s,
 * 240 s… (plus jitter), so about two hours pass between the first try and the dead-letter queue.
 */
export function retryDelaySeconds(receiveCount: number, random: () => number = Math.random) {
  const base = Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (receiveCount - 1));
  return Math.round(base * (1 + JITTER * random()));
}

/** Made once per process, as the other consumers' processors are. */
const processor = new BatchProcessor(EventType.SQS);

/**
 * Sends the notices the queue holds, one after the other (the mail service limits the send
 * rate), and answers which messages failed so that only those come back (partial batch response).
 *
 * A notice that is not PENDING any more is not sent again: a redelivered message, or a second
 * message for the same notice, sends nothing twice. One window remains: if the function stops
 * after SES accepted the email and before SENT is written, the redelivered message sends it once
 * more. SES has no idempotency key for SendEmail, so a duplicate there is the price of never
 * losing a notice.
 */
export async function deliverQueuedNotices(
  records: SQSRecord[],
  deps: QueuedNoticeDeps,
  context?: Context,
): Promise<SQSBatchResponse> {
  return processPartialResponse(
    { Records: records },
    (record: SQSRecord) => deliverOne(record, deps),
    processor,
    // A batch where every send was throttled is no crash: the function's Errors mean a real one.
    { context, processInParallel: false, throwOnFullBatchFailure: false },
  );
}

async function deliverOne(record: SQSRecord, deps: QueuedNoticeDeps): Promise<void> {
  const { notices, sender, logger } = deps;
  // A message that is not ours fails every try and lands in the dead-letter queue, to be looked at.
  const { noticeId } = QueuedNotice.parse(JSON.parse(record.body));
  try {
    const result = await sendPendingNotice(notices, noticeId, (notice) => sender.send(notice));
    if (result.state === 'NOT_FOUND') logger.warn('queued notice not found', { noticeId });
    else if (result.state === 'DEALT_WITH')
      logger.info('notice already dealt with', { noticeId, status: result.status });
    else if (result.outcome.status === 'SENT')
      logger.info('notice sent', { noticeId, messageId: result.outcome.messageId });
    else logger.warn('notice refused for good', { noticeId, reason: result.outcome.reason });
  } catch (error) {
    if (error instanceof RetryableSendError) await postpone(record, noticeId, deps, error);
    throw error;
  }
}

/**
 * Keeps the message hidden for the next retry's delay; at the last receive it is left alone,
 * and the queue's redrive moves it to the dead-letter queue when it comes back.
 */
async function postpone(
  record: SQSRecord,
  noticeId: string,
  deps: QueuedNoticeDeps,
  error: Error,
): Promise<void> {
  const { logger } = deps;
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  if (receiveCount >= MAX_RECEIVE_COUNT) {
    logger.error('notice not sent after its last try: left for the dead-letter queue', {
      noticeId,
      receiveCount,
      error: error.message,
    });
    return;
  }
  const delaySeconds = retryDelaySeconds(receiveCount, deps.random);
  logger.warn('notice not sent, retried later', {
    noticeId,
    receiveCount,
    delaySeconds,
    error: error.message,
  });
  try {
    await deps.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: deps.queueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: delaySeconds,
      }),
    );
  } catch (cause) {
    // The message still comes back, after the queue's own visibility timeout.
    logger.warn('could not postpone the notice', { noticeId, error: String(cause) });
  }
}
