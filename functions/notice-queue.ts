import { SQSClient } from '@aws-sdk/client-sqs';
import type { NoticeDelivery } from '#core';
import { queuedDelivery } from '#email';
import { config } from './config.ts';

/**
 * Where the API and the review workflow hand their notices: the queue the email sender reads
 * (the stack always sets it); without one they wait in the outbox, PENDING.
 */
export const noticeDelivery: NoticeDelivery = config.noticeQueueUrl
  ? queuedDelivery(new SQSClient(), config.noticeQueueUrl)
  : { deliver: async () => 'PENDING' };
