import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { TABLE } from './table-design.ts';

/**
 * The table as CreateTable input, for DynamoDB Local. The deployed table is declared by the CDK
 * construct from the same TABLE names; an infra test checks the two agree.
 */
export function localTableDefinition(tableName: string): CreateTableCommandInput {
  const string = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const index = (spec: typeof TABLE.byCollection | typeof TABLE.byType) => ({
    IndexName: spec.indexName,
    KeySchema: [
      { AttributeName: spec.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: spec.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      TABLE.partitionKey,
      TABLE.sortKey,
      TABLE.byCollection.partitionKey,
      TABLE.byCollection.sortKey,
      TABLE.byType.partitionKey,
      TABLE.byType.sortKey,
    ].map(string),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [index(TABLE.byCollection), index(TABLE.byType)],
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamView },
  };
}
