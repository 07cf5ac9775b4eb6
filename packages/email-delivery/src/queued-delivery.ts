import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';

/** The queue's message: the notice's id only; the sender reads the notice itself from the outbox. */
export const QueuedNotice = z.object({ noticeId: z.string().min(1) });
export type QueuedNotice = z.infer<typeof QueuedNotice>;

/**
 * Puts the notice on the sender's queue (for each notice written PENDING: the outbox is the
 * table, and its stream the relay). Personal data stays in the table: the message holds the id
 * alone. Queuing one twice (a retried stream batch) sends nothing twice: the sender skips a
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
