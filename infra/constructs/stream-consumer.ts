import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOnDeadLetters, deadLetterQueue } from './dead-letters.ts';
import { ServiceFunction, type TableAccess } from './service-function.ts';

export interface StreamConsumerProps {
  table: Table;
  /** Entry file, relative to the repository root. */
  entry: string;
  description: string;
  /** What it reads or writes on the table; nothing when the records carry all it needs. */
  access?: TableAccess | undefined;
  /** Only the records these filters pass reach the function. */
  filters: Array<Record<string, unknown>>;
  /** What is left undone when records are given up on: the description of the alarm. */
  whenLost: string;
}

/**
 * A function fed by the table's stream, in order per shard. Failed records are retried alone
 * (partial batch responses); after ten tries their position goes to a dead-letter queue, and
 * its alarm sounds: the stream keeps records only 24 hours, so someone must look the same day.
 */
export class StreamConsumer extends Construct {
  readonly consumer: ServiceFunction;
  readonly deadLetters: Queue;
  readonly lostRecords: Alarm;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    this.consumer = new ServiceFunction(this, 'Consumer', {
      entry: props.entry,
      description: props.description,
      timeout: Duration.seconds(60),
    });
    if (props.access) this.consumer.bindTable(props.table, props.access);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', 'of the stream event source');
    this.consumer.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: props.filters,
      }),
    );
    this.lostRecords = alarmOnDeadLetters(
      this,
      'LostRecords',
      this.deadLetters,
      `${props.whenLost} The message names the shard and sequence numbers of the records given up on; the stream keeps them 24 hours.`,
    );
  }
}
