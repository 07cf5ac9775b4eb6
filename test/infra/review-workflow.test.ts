import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REVIEW_WORKFLOW_ASL, ReviewWorkflow } from '../../infra/constructs/review-workflow.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { TrackerStack } from '../../infra/stack.ts';
import { templateOf, testApp } from './support.ts';

const definition = JSON.parse(readFileSync(REVIEW_WORKFLOW_ASL, 'utf8'));

/** Every value of `key` anywhere in the definition. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesOf(item, key));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

describe('the review workflow definition', () => {
  it('is valid ASL', () => {
    const { isValid, errors } = aslValidator(definition);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('is a loop PlanNext -> Wait -> Act -> PlanNext, ending only when the round is over', () => {
    const states = definition.States;
    expect(definition.StartAt).toBe('PlanNext');
    expect(states.PlanNext.Next).toBe('RoundOver?');
    expect(states['RoundOver?'].Default).toBe('Wait');
    expect(states.Wait.SecondsPath).toBe('$.plan.waitSeconds');
    expect(states.Wait.Next).toBe('Act');
    expect(states.Act.Next).toBe('PlanNext');
    expect(states.RecordFailure.Next).toBe('Wait');
  });

  it('stays in JSONPath, and no timeout or wait outlives the local engine (2,147,483 s)', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(definition)).not.toMatch(/\{%|"Assign"|waitForTaskToken/);
    for (const value of [
      ...valuesOf(definition, 'TimeoutSeconds'),
      ...valuesOf(definition, 'Seconds'),
      ...valuesOf(definition, 'HeartbeatSeconds'),
    ]) {
      expect(value).toBeLessThanOrEqual(2_147_483);
    }
  });

  it('retries every task with backoff, and catches what retries cannot fix into RecordFailure', () => {
    for (const name of ['PlanNext', 'Act']) {
      const task = definition.States[name];
      expect(task.Retry.every((r: { BackoffRate: number }) => r.BackoffRate > 1)).toBe(true);
      expect(task.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ]);
    }
    expect(definition.States.RecordFailure.Retry[0].BackoffRate).toBeGreaterThan(1);
    // Even a failure to record a failure does not end the round: a pause, then a fresh look.
    expect(definition.States.RecordFailure.Catch[0].Next).toBe('PauseAfterFailure');
    expect(definition.States.PauseAfterFailure.Next).toBe('PlanNext');
  });
});

describe('ReviewWorkflow', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    return new ReviewWorkflow(stack, 'Review', { table: data.table });
  });

  it('is one Standard state machine from the ASL file, logging ALL events and tracing', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      DefinitionS3Location: Match.anyValue(),
      DefinitionSubstitutions: { ReviewTaskFunctionArn: Match.anyValue() },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('lets the machine invoke its task function and nothing else', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ReviewStateMachineRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties
          .PolicyDocument.Statement,
    ) as Array<{ Action: string | string[] }>;
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('lambda:InvokeFunction');
    expect(actions.filter((a) => !a.startsWith('xray:') && !a.startsWith('logs:'))).toEqual([
      'lambda:InvokeFunction',
    ]);
  });

  it('alarms on a failed execution and on a failed task', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
    });
  });

  it('gives its tasks item access to the table, without scans or administration', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ReviewTasksRole') }] },
    });
    const actions = JSON.stringify(policies);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toMatch(/dynamodb:(Scan|\*|DeleteTable|CreateTable)/);
  });
});

describe('the stack', () => {
  it('lets the API start and stop review executions, and tells it the machine', () => {
    const stack = new TrackerStack(testApp(), 'GcmFollowUp');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'states:StartExecution' }),
          Match.objectLike({ Action: 'states:StopExecution' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REVIEW_STATE_MACHINE_ARN: Match.anyValue() }) },
    });
  });
});
