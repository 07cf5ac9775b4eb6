import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { NoticeDelivery } from '#core';

/** The queue's message: the notice's id only; the sender reads the notice itself from the outbox. */
export const QueuedNotice = z.object({ noticeId: z.string().min(1) });
export type QueuedNotice = z.infer<typeof QueuedNotice>;

/**
 * Delivery through the notice queue: the notice is queued and stays PENDING until the sender
 * marks it SENT or FAILED. Personal data stays in the table: the message holds the id alone.
 */
export function queuedDelivery(sqs: SQSClient, queueUrl: string): NoticeDelivery {
  return {
    async deliver(notice) {
      const message: QueuedNotice = { noticeId: notice.id };
      await sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
      );
      return 'PENDING';
    },
  };
}
