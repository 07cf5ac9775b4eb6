import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ITEM_TYPE } from '#store';
import { StreamConsumer } from './stream-consumer.ts';

/**
 * The outbox's relay: notices written PENDING reach the email sender's queue from the table's
 * stream, so a notice is queued because it was written and never lost between the two. The
 * records carry the notice's id: the function reads nothing from the table.
 */
export class NoticeOutbox extends StreamConsumer {
  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id, {
      table: props.table,
      entry: 'functions/notice-outbox/handler.ts',
      description: 'Queues the notices written to the outbox for the email sender',
      whenLost:
        'Notices written to the outbox were not queued: they stay PENDING and are not sent.',
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: {
            NewImage: {
              type: { S: FilterRule.isEqual(ITEM_TYPE.notice) },
              status: { S: FilterRule.isEqual('PENDING') },
            },
          },
        }),
      ],
    });
  }
}
