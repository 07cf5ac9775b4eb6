import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, MembershipIndex } from '#store';

// Fault injection only: ordering and retries that DynamoDB Local cannot be made to show.
const dynamo = mockClient(DynamoDBDocumentClient);
beforeEach(() => dynamo.reset());

const entityImage = (members: string[]) =>
  marshall({
    pk: 'ENTITY#BUDAPEST',
    sk: 'ENTITY',
    type: 'Entity',
    id: 'BUDAPEST',
    kind: 'RCP',
    members,
  }) as never;

const change = (sequence: string, before: string[], after: string[]): DynamoDBRecord => ({
  eventID: sequence,
  eventName: 'MODIFY',
  dynamodb: {
    SequenceNumber: sequence,
    OldImage: entityImage(before),
    NewImage: entityImage(after),
  },
});

describe('the membership stream handler', () => {
  it('applies two changes to one member list one after the other, in stream order', async () => {
    process.env.TABLE_NAME = 'table';
    const { handler } = await import('../../functions/entity-stream/handler.ts');
    const log: string[] = [];
    dynamo.on(BatchWriteCommand).callsFake(async (input) => {
      log.push(`start ${JSON.stringify(input.RequestItems.table.map(Object.keys))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push('end');
      return {};
    });
    const context = {
      functionName: 'f',
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => 10_000,
    } as Context;
    const result = await handler(
      { Records: [change('1', [], ['HUN']), change('2', ['HUN'], ['TUR'])] },
      context,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(log).toEqual([
      'start [["PutRequest"]]',
      'end',
      'start [["PutRequest"],["DeleteRequest"]]',
      'end',
    ]);
  });
});

describe('MembershipIndex', () => {
  const index = new MembershipIndex(createDocumentClient({ region: 'local' }), 'table');

  it('retries what DynamoDB leaves unprocessed', async () => {
    const unprocessed = { PutRequest: { Item: { pk: 'ENTITY#TUR', sk: 'MEMBER_OF#BUDAPEST' } } };
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { table: [unprocessed] } })
      .resolves({});
    await index.apply(change('1', [], ['HUN', 'TUR']));
    expect(dynamo).toHaveReceivedCommandTimes(BatchWriteCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(BatchWriteCommand, 2, {
      RequestItems: { table: [unprocessed] },
    });
  });

  it('writes nothing when the member list did not change, or for other item types', async () => {
    await index.apply(change('1', ['HUN'], ['HUN']));
    await index.apply({ dynamodb: { NewImage: marshall({ type: 'Membership', stateId: 'HUN' }) } });
    expect(dynamo).not.toHaveReceivedCommand(BatchWriteCommand);
  });
});
