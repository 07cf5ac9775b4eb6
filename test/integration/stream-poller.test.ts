import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCheckpoints, startStreamPoller } from '#local';
import { state } from '../fixtures/entities.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

let table: TestTable;
let dir: string;
beforeAll(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'gcm-poller-'));
});
afterAll(async () => {
  await table.drop();
  await rm(dir, { recursive: true, force: true });
});

const idsIn = (records: _Record[]) =>
  [...new Set(records.map((r) => r.dynamodb?.Keys?.pk?.S))].filter(Boolean).sort();

describe('the local stream poller', () => {
  it('resumes after the last record it handled, across a restart', async () => {
    const checkpoints = fileCheckpoints(join(dir, 'checkpoints.json'));
    const first: _Record[] = [];
    const a = startStreamPoller({
      endpoint: table.endpoint,
      streamArn: table.streamArn,
      handle: async (records) => {
        first.push(...records);
      },
      onError: () => {},
      checkpoints,
    });
    await table.entities.create(state('FRA', 'EUROPE'), { seeded: true });
    await table.entities.create(state('DEU', 'EUROPE'), { seeded: true });
    await a.drained();
    await a.stop();
    expect(idsIn(first)).toEqual(['ENTITY#DEU', 'ENTITY#FRA']);

    const second: _Record[] = [];
    const b = startStreamPoller({
      endpoint: table.endpoint,
      streamArn: table.streamArn,
      handle: async (records) => {
        second.push(...records);
      },
      onError: () => {},
      checkpoints: fileCheckpoints(join(dir, 'checkpoints.json')),
    });
    await table.entities.create(state('ITA', 'EUROPE'), { seeded: true });
    await b.drained();
    await b.stop();
    expect(idsIn(second)).toEqual(['ENTITY#ITA']);
  });
});

describe('the local stream poller, when an iterator expires', () => {
  it('gets a fresh one after the last record it handled, and goes on', async () => {
    // Fault injection only: DynamoDB Local's iterators last fifteen minutes.
    const client = new DynamoDBStreamsClient({ region: 'local', endpoint: 'http://127.0.0.1:1' });
    const streams = mockClient(client);
    streams.on(DescribeStreamCommand).resolves({
      StreamDescription: { Shards: [{ ShardId: 'shard-1' }] },
    });
    streams
      .on(GetShardIteratorCommand, { ShardIteratorType: 'TRIM_HORIZON' })
      .resolves({ ShardIterator: 'from-start' })
      .on(GetShardIteratorCommand, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' })
      .resolves({ ShardIterator: 'after-100' });
    streams
      .on(GetRecordsCommand, { ShardIterator: 'from-start' })
      .resolves({ Records: [{ dynamodb: { SequenceNumber: '100' } }], NextShardIterator: 'stale' })
      .on(GetRecordsCommand, { ShardIterator: 'stale' })
      .rejects(new ExpiredIteratorException({ message: 'expired', $metadata: {} }))
      .on(GetRecordsCommand, { ShardIterator: 'after-100' })
      .resolves({ Records: [{ dynamodb: { SequenceNumber: '101' } }], NextShardIterator: 'end' })
      .on(GetRecordsCommand, { ShardIterator: 'end' })
      .resolves({ Records: [], NextShardIterator: 'end' });
    const handled: string[] = [];
    const errors: unknown[] = [];
    const poller = startStreamPoller({
      endpoint: 'unused',
      streamArn: 'arn:stream',
      client,
      handle: async (records) => {
        handled.push(...records.map((r) => r.dynamodb?.SequenceNumber ?? '?'));
      },
      onError: (error) => errors.push(error),
    });
    await poller.drained();
    await poller.stop();
    expect(handled).toEqual(['100', '101']);
    expect(errors).toEqual([]);
    expect(streams).toHaveReceivedCommandWith(GetShardIteratorCommand, {
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      SequenceNumber: '100',
    });
  });
});
