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
    }).bindTable(data.table, { actions: ['GetItem', 'Query'], queryIndexes: ['gsi1', 'gsi2'] });
    new ServiceFunction(stack, 'Writer', {
      entry: 'functions/entity-stream/handler.ts',
      description: 'writes',
    }).bindTable(data.table, { actions: ['BatchWriteItem'] });
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

  it('grants exactly the actions asked, on the table, and Query on the named indexes only', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const dynamo = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
    );
    const actions = dynamo.map((s) => [s.Action].flat().sort().join(' '));
    expect(actions.sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem dynamodb:Query',
      'dynamodb:Query',
    ]);
    const indexStatement = dynamo.find((s) => JSON.stringify(s.Resource).includes('/index/'));
    expect(JSON.stringify(indexStatement?.Resource)).toMatch(/index\/gsi1.*index\/gsi2/);
    expect(JSON.stringify(dynamo)).not.toContain('*');
  });
});
