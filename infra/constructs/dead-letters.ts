import { Duration, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { alarmOnAny } from './alarms.ts';

/**
 * A dead-letter queue: encrypted, TLS only, keeping what failed for 14 days. It has no
 * dead-letter queue of its own (cdk-nag SQS3), being one; `of` says whose it is.
 */
export function deadLetterQueue(scope: Construct, id: string, of: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue ${of}.`,
  });
  return queue;
}

/** The alarm of a dead-letter queue: it sounds with the first message there. */
export function alarmOnDeadLetters(
  scope: Construct,
  id: string,
  queue: Queue,
  description: string,
): Alarm {
  return alarmOnAny(
    scope,
    id,
    queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    description,
  );
}
