import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { templateOf } from './support.ts';

describe('ServiceFunction', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    new ServiceFunction(stack, 'Reader', {
      entry: 'functions/api/handler.ts',
      description: 'reads',
    }).bindTable(data.table, 'read');
    new ServiceFunction(stack, 'Writer', {
      entry: 'functions/entity-stream/handler.ts',
      description: 'writes',
    }).bindTable(data.table, 'readWrite');
    return data;
  });

  it('runs Node.js 24 on arm64 with tracing and the table name', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
        Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
      },
      2,
    );
  });

  it('keeps logs a year, in a log group it alone may write to', () => {
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 2);
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('grants item-level actions on the table and its two named indexes only', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const dynamo = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toHaveLength(2);
    const actions = dynamo.map((s) => [s.Action].flat().sort());
    expect(actions).toContainEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(actions.find((a) => a.includes('dynamodb:PutItem'))).toHaveLength(8);
    for (const statement of dynamo) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain('/index/gsi1');
      expect(resources).toContain('/index/gsi2');
      expect(resources).not.toContain('*');
    }
    expect(JSON.stringify(dynamo)).not.toMatch(/DeleteTable|UpdateTable|Scan/);
  });
});
