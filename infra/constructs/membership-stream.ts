import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { entityKeys } from '#store';
import { StreamConsumer } from './stream-consumer.ts';

/** Keeps the reverse membership index (the bodies a state belongs to) from the table's stream. */
export class MembershipStream extends StreamConsumer {
  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id, {
      table: props.table,
      entry: 'functions/entity-stream/handler.ts',
      description: 'Keeps the reverse membership index from the table stream',
      access: { actions: ['BatchWriteItem'] },
      // Only entity items carry member lists; the index's own writes need not come back.
      whenLost: 'A change of members was not applied to the reverse membership index.',
      filters: [
        FilterCriteria.filter({
          dynamodb: { Keys: { sk: { S: FilterRule.isEqual(entityKeys.sortKey) } } },
        }),
      ],
    });
  }
}
