import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ReferenceData } from '../../infra/constructs/reference-data.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { templateOf } from './support.ts';

describe('ReferenceData', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    return new ReferenceData(stack, 'ReferenceData', { table: data.table });
  });

  it('runs the loader through a custom resource that changes when the shipped data does', () => {
    template.resourceCountIs('AWS::CloudFormation::CustomResource', 1);
    template.hasResourceProperties('AWS::CloudFormation::CustomResource', {
      fingerprint: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
  });

  it('lets the loader put items and query the all-entities index, nothing more', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const dynamo = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.map((s) => s.Action).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(JSON.stringify(dynamo)).toContain('/index/gsi2');
    expect(JSON.stringify(dynamo)).not.toContain('gsi1');
  });

  it('keeps every log group, the provider framework’s included, for a year', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(365);
  });
});
