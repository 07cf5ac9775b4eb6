import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { entityKeys } from '#store';
import { ServiceFunction } from './service-function.ts';

/**
 * Keeps derived items from the table's stream (for now the reverse membership index). Records are
 * retried alone (partial batch responses); after ten tries their position goes to a dead-letter queue.
 */
export class MembershipStream extends Construct {
  readonly consumer: ServiceFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id);
    this.consumer = new ServiceFunction(this, 'Consumer', {
      entry: 'functions/entity-stream/handler.ts',
      description: 'Keeps the reverse membership index from the table stream',
      timeout: Duration.seconds(60),
    }).bindTable(props.table, { actions: ['BatchWriteItem'] });
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the stream event source.',
    });
    this.consumer.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        // Only entity items carry member lists; the index's own writes need not come back.
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual(entityKeys.sortKey) } } },
          }),
        ],
      }),
    );
  }
}
