import { describe, expect, it } from 'vitest';
import { RollupStream } from '../../infra/constructs/rollup-stream.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { templateOf } from './support.ts';

describe('RollupStream', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    return new RollupStream(stack, 'Rollups', { table: data.table });
  });

  it('hears only respondent and round records, so its own writes never come back', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: { NewImage: { type: { S: ['Respondent', 'RespondentRound'] } } },
            }),
          },
        ],
      },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('reads items and writes in batches, nothing else', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const actions = statements
      .flatMap((s) => [s.Action].flat())
      .filter((a: string) => a.startsWith('dynamodb:') && !a.startsWith('dynamodb:DescribeStream'))
      .filter(
        (a: string) =>
          !['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'].includes(a),
      );
    expect([...new Set(actions)].sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
  });
});
