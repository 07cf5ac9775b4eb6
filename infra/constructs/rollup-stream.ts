import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ROLLUP_SOURCE_TYPES } from '#store';
import { StreamConsumer } from './stream-consumer.ts';

/**
 * Keeps the rollups from the table's stream. Only respondent and round records pass the filter
 * (the handler checks again), so the rollups' own writes never come back to it.
 */
export class RollupStream extends StreamConsumer {
  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id, {
      table: props.table,
      entry: 'functions/rollup-stream/handler.ts',
      description: 'Keeps the rollups of review cycles from the table stream',
      access: { actions: ['GetItem', 'Query', 'BatchWriteItem'] },
      whenLost:
        "A change of respondents or rounds was not applied to the rollups: recompute the cycle's rollups.",
      filters: [
        FilterCriteria.filter({
          dynamodb: { NewImage: { type: { S: FilterRule.or(...ROLLUP_SOURCE_TYPES) } } },
        }),
      ],
    });
  }
}
