import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { alarmOnAny } from './alarms.ts';
import { ServiceFunction } from './service-function.ts';

/**
 * The series' daily tick: an EventBridge Scheduler schedule invokes a function that creates and
 * opens the cycles the series' rules call for. The tick is idempotent, so the scheduler's retries
 * and a run by hand are safe.
 */
export class SeriesTick extends Construct {
  readonly fn: ServiceFunction;
  readonly schedule: Schedule;
  readonly failures: Alarm;

  constructor(scope: Construct, id: string, props: { table: ITable }) {
    super(scope, id);
    this.fn = new ServiceFunction(this, 'Function', {
      entry: 'functions/series-tick/handler.ts',
      description: 'The series tick: creates and opens the cycles that recurring series call for',
      timeout: Duration.seconds(300),
      memorySize: 1024,
    }).bindTable(props.table, {
      // Opening writes the respondents (BatchWriteItem) and the cycle's events; the series list is on gsi2.
      actions: [
        'GetItem',
        'BatchGetItem',
        'Query',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'ConditionCheckItem',
        'BatchWriteItem',
      ],
      queryIndexes: ['gsi2'],
    });
    // The schedule's own role, which may invoke this function and nothing else.
    const role = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets the series schedule invoke the series tick function',
    });
    // Just after midnight UTC: the rules' opening days start at midnight UTC.
    this.schedule = new Schedule(this, 'Daily', {
      description: 'Creates and opens the cycles that recurring series call for',
      schedule: ScheduleExpression.cron({ minute: '5', hour: '0' }),
      target: new LambdaInvoke(this.fn.fn, {
        role,
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
      }),
    });
    const stack = Stack.of(this);
    const fn = stack.resolve(stack.getLogicalId(this.fn.fn.node.defaultChild as CfnElement));
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${fn}.Arn>:*]`,
      reason:
        'grantInvoke covers the function and its versions; the schedule invokes this one function only.',
    });
    this.failures = alarmOnAny(
      this,
      'Failures',
      this.fn.fn.metricErrors({ period: Duration.hours(1) }),
      "The series tick failed: recurring cycles may not have opened. It runs again tomorrow; run it by hand to open today's.",
    );
  }
}
