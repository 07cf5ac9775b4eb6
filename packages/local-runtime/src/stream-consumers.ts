import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RollupDesk } from '#core';
import { MembershipIndex, rollupChangesOf } from '#store';

/**
 * What the table's stream feeds, as the two Lambda consumers do in AWS: the reverse membership
 * index, then the rollups of the respondents a batch touched (once per cycle and batch).
 */
export function streamConsumers(
  client: DynamoDBDocumentClient,
  tableName: string,
  rollups: RollupDesk,
): (records: _Record[]) => Promise<void> {
  const membershipIndex = new MembershipIndex(client, tableName);
  return async (records) => {
    for (const record of records) await membershipIndex.apply(record);
    for (const [cycleId, entityIds] of rollupChangesOf(records))
      await rollups.refresh(cycleId, entityIds);
  };
}
