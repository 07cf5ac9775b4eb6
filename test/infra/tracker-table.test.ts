import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { localTableDefinition } from '#store';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { templateOf } from './support.ts';

describe('TrackerTable', () => {
  const { template } = templateOf((stack) => new TrackerTable(stack, 'Data'));

  it('is on-demand, encrypted, recoverable, protected from deletion and retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    });
  });

  it('has no physical name', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(table?.Properties.TableName).toBeUndefined();
  });

  it('has the same keys and indexes as the table DynamoDB Local is given', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const local = localTableDefinition('local');
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
      String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect(table?.Properties.KeySchema).toEqual(local.KeySchema);
    expect([...(table?.Properties.AttributeDefinitions ?? [])].sort(byName)).toEqual(
      [...(local.AttributeDefinitions ?? [])].sort(byName),
    );
    expect(table?.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(table?.Properties.StreamSpecification.StreamViewType).toBe(
      local.StreamSpecification?.StreamViewType,
    );
  });
});
