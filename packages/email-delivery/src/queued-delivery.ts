import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { ITEM_TYPE } from '#store';

/** The queue's message: the notice's id only; the sender reads the notice itself from the outbox. */
export const QueuedNotice = z.object({ noticeId: z.string().min(1) });
export type QueuedNotice = z.infer<typeof QueuedNotice>;

/** A table stream record, as Lambda and the local stream poller both hand it over, as far as it is read here. */
export interface OutboxRecord {
  eventName?: string | undefined;
  dynamodb?: { NewImage?: Record<string, { S?: string | undefined } | undefined> | undefined };
}

/**
 * The id of a notice just written to the outbox, PENDING; undefined for any other record. The
 * outbox is the table: a notice is queued because it was written, never beside its write, so a
 * request that stops after its transaction still has its notices sent.
 */
export function pendingNoticeOf(record: OutboxRecord): string | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.type?.S !== ITEM_TYPE.notice) return undefined;
  return image.status?.S === 'PENDING' ? image.id?.S : undefined;
}

/**
 * Puts the notice on the sender's queue. Personal data stays in the table: the message holds the
 * id alone. Queuing one twice (a retried stream batch) sends nothing twice: the sender skips a
 * notice that is no longer PENDING.
 */
export async function enqueueNotice(
  sqs: SQSClient,
  queueUrl: string,
  noticeId: string,
): Promise<void> {
  const message: QueuedNotice = { noticeId };
  await sqs.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
  );
}
