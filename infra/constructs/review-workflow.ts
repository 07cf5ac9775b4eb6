import { join } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { alarmOnAny } from './alarms.ts';
import { ServiceFunction } from './service-function.ts';

/** The definition CDK deploys and the local engine runs, unchanged. */
export const REVIEW_WORKFLOW_ASL = join(import.meta.dirname, '../workflows/review-cycle.asl.json');

/**
 * The review workflow: one Standard state machine for every cycle, one execution per cycle, its
 * tasks in one function. Alarms sound on a failed execution and on any failed task.
 */
export class ReviewWorkflow extends Construct {
  readonly tasks: ServiceFunction;
  readonly stateMachine: StateMachine;
  readonly failedExecutions: Alarm;
  readonly failedTasks: Alarm;

  constructor(scope: Construct, id: string, props: { table: ITable }) {
    super(scope, id);
    this.tasks = new ServiceFunction(this, 'Tasks', {
      entry: 'functions/review-workflow/handler.ts',
      description: 'The review workflow tasks: PlanNext, Act, RecordFailure',
      timeout: Duration.seconds(240),
      memorySize: 1024,
    }).bindTable(props.table, {
      // BatchWriteItem: the close hook recomputes the cycle's rollups.
      actions: [
        'GetItem',
        'Query',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'ConditionCheckItem',
        'BatchWriteItem',
      ],
    });

    const logs = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(REVIEW_WORKFLOW_ASL),
      definitionSubstitutions: { ReviewTaskFunctionArn: this.tasks.fn.functionArn },
      // The execution data holds cycle ids and counts only; no personal data reaches the logs.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    // IAM is not inferred from a definition file: the machine may invoke its task function only.
    this.tasks.fn.grantInvoke(this.stateMachine);
    const stack = Stack.of(this);
    const taskFunction = stack.resolve(
      stack.getLogicalId(this.tasks.fn.node.defaultChild as CfnElement),
    );
    Validations.of(this.stateMachine).acknowledge(
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${taskFunction}.Arn>:*]`,
        reason:
          'grantInvoke covers the function and its versions; the machine invokes this one function only.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing and log delivery to CloudWatch Logs support no resource-level permissions.',
      },
    );

    this.failedExecutions = alarmOnAny(
      this,
      'FailedExecutions',
      this.stateMachine.metricFailed({ period: Duration.minutes(5) }),
      'A review workflow execution failed: a cycle is no longer reminded or closed on time.',
    );
    this.failedTasks = alarmOnAny(
      this,
      'FailedTasks',
      this.tasks.fn.metricErrors({ period: Duration.minutes(5) }),
      'A review workflow task failed; the workflow retries, records it on the cycle and tells the administrator.',
    );
  }

  /**
   * Lets the function start and stop the executions (the API, on open, close and cancel), and
   * tells it the machine.
   */
  grantStartStop(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    fn.addEnvironment('REVIEW_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    const stack = Stack.of(this);
    const { account, region, partition } = stack;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
    // Executions are named per cycle, so stopping one needs the machine's execution ARNs.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StopExecution'],
        resources: [
          `arn:${partition}:states:${region}:${account}:execution:${this.stateMachine.stateMachineName}:*`,
        ],
      }),
    );
    const machine = stack.resolve(
      stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement),
    );
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${shown(partition, 'Partition')}:states:${shown(region, 'Region')}:${shown(account, 'AccountId')}:execution:<${machine}.Name>:*]`,
        reason:
          "StopExecution on the review machine's own executions, whose names (cycle and generation) are known only at run time.",
      });
    }
  }
}

/** How cdk-nag writes a part of an ARN: the value when the stack knows it, else the pseudo parameter. */
function shown(value: string, pseudo: string): string {
  return Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
}
