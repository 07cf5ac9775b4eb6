import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SeriesTick } from '../../infra/constructs/series-tick.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { templateOf } from './support.ts';

describe('SeriesTick', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    return new SeriesTick(stack, 'Series', { table: data.table });
  });

  it('is a daily EventBridge Scheduler schedule, just after midnight UTC, invoking its function with retries', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SeriesFunction'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21_600 },
      },
    });
  });

  it("lets the scheduler's role invoke this function and nothing else", () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const invoking = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: string | string[] }) =>
        [s.Action].flat().includes('lambda:InvokeFunction'),
      );
    expect(invoking).toHaveLength(1);
    expect(JSON.stringify(invoking[0].Resource)).toContain('SeriesFunction');
    expect(JSON.stringify(invoking[0].Resource)).not.toContain('"*"');
  });

  it('reads and writes items and queries gsi2 only, never Scan', () => {
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
      .filter((a: string) => a.startsWith('dynamodb:'));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).toContain('dynamodb:Query');
  });

  it('sounds an alarm when the tick fails', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});
