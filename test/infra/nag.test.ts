import { Stack } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { TrackerStack } from '../../infra/stack.ts';
import { nagViolations } from './support.ts';

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the whole stack', () => {
    const violations = nagViolations((app) => new TrackerStack(app, 'GcmFollowUp'));
    expect(
      violations.map((v) => `${v.ruleName} @ ${v.violatingConstructs.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });

  it('finds nothing unacknowledged either when the stack knows its account and region', () => {
    const violations = nagViolations(
      (app) =>
        new TrackerStack(app, 'GcmFollowUp', {
          env: { account: '111111111111', region: 'eu-west-1' },
        }),
    );
    expect(violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('does report what nobody acknowledged (the check is live)', () => {
    const violations = nagViolations((app) => {
      const stack = new Stack(app, 'Bare');
      new Table(stack, 'Careless', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    });
    expect(violations.map((v) => v.ruleName)).toContain('AwsSolutions-DDB3');
  });
});
