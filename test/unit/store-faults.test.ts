import { Logger } from '@aws-lambda-powertools/logger';
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, openAccess } from '#api';
import { createUseCases } from '#core';
import { consoleDelivery, LocalFileStore, localDirectory } from '#local';
import { createDocumentClient, createRepositories, serverIds } from '#store';
import { ngo } from '../fixtures/entities.ts';
import { recordingWorkflows } from '../fixtures/workflows.ts';

// Fault injection only: how the API answers when DynamoDB itself fails.
const dynamo = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({
  region: 'local',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const app = createApp({
  ...createUseCases(createRepositories(client, 'table'), {
    directory: localDirectory,
    ids: serverIds,
    // Never written to: these tests fail before any upload.
    files: new LocalFileStore({ root: 'unused-attachments', baseUrl: 'http://localhost' }),
    delivery: consoleDelivery(() => {}),
    workflows: recordingWorkflows().engine,
  }),
  access: openAccess,
  logger,
});

beforeEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
});

describe('when DynamoDB fails', () => {
  it('answers 500 as a problem document, logs the cause, and leaks nothing of it', async () => {
    const logged = vi.spyOn(logger, 'error');
    dynamo
      .on(GetCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const res = await app.request('/v1/entities/FRA');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.text()).not.toMatch(/slow down|Throughput/);
    expect(logged).toHaveBeenCalledWith(
      'unhandled error',
      expect.objectContaining({ path: '/v1/entities/FRA' }),
    );
  });

  it('turns a lost transaction race into 409, so the client knows a retry may succeed', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      }),
    );
    const res = await app.request('/v1/entities', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ngo('NGO-RACE'), regions: ['AFRICA'] }),
    });
    expect(res.status).toBe(409);
    expect(dynamo).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: expect.arrayContaining([
        expect.objectContaining({
          Put: expect.objectContaining({ ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      ]),
    });
  });

  it('never scans: lists query an index', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await app.request('/v1/entities?kind=STATE');
    await app.request('/v1/entities');
    await app.request('/v1/frameworks');
    expect(dynamo.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'QueryCommand',
      'QueryCommand',
      'QueryCommand',
    ]);
  });

  it('keeps emails out of the logs, even when an error carries one', async () => {
    const logged = vi.spyOn(logger, 'error');
    dynamo.on(GetCommand).resolves({});
    dynamo.on(GetCommand, { Key: { pk: 'ENTITY#FRA', sk: 'ENTITY' } }).resolves({
      Item: {
        id: 'FRA',
        kind: 'STATE',
        names: { en: 'France' },
        regions: ['EUROPE'],
        version: 1,
      },
    });
    dynamo.on(PutCommand).rejects(new Error('cannot store marie.curie@example.org'));
    const res = await app.request('/v1/entities/FRA/contacts', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [
          { role: 'FOCAL_POINT', name: 'M', email: 'marie.curie@example.org', language: 'fr' },
        ],
      }),
    });
    expect(res.status).toBe(500);
    expect(logged).toHaveBeenCalledOnce();
    expect(JSON.stringify(logged.mock.calls)).not.toContain('marie.curie');
    expect(JSON.stringify(logged.mock.calls)).toContain('m***@example.org');
  });
});
