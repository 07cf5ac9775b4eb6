import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { createApp } from '#api';
import {
  type Clock,
  createUseCases,
  loadReferenceData,
  type NoticeDelivery,
  type ReferenceDataReport,
  type Repositories,
  runReviewTask,
  scaledClock,
  systemClock,
} from '#core';
import { createDocumentClient, createRepositories, serverIds } from '#store';
import { consoleDelivery } from './console-delivery.ts';
import { DevIdentityProvider, devTokenAccess, localDirectory } from './dev-identity.ts';
import { freePort, LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local.ts';
import { LocalFileStore } from './local-file-store.ts';
import { LocalWorkflowEngine, REVIEW_WORKFLOW_FILE } from './local-workflows.ts';
import { startSeriesTicks } from './series-ticks.ts';
import { streamConsumers } from './stream-consumers.ts';
import { fileCheckpoints, startStreamPoller } from './stream-poller.ts';
import { ensureTable } from './table.ts';

export interface LocalRuntimeOptions {
  /** API port; 0 picks a free one. */
  port: number;
  /** Where DynamoDB Local keeps its data; undefined keeps it in memory. */
  dataDir?: string | undefined;
  tableName?: string | undefined;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | undefined;
  /** Simulated seconds per real second (86400: a day a second); absent runs on the real clock. */
  timeScale?: number | undefined;
  /** Where notices go; the console by default. */
  delivery?: NoticeDelivery | undefined;
}

export interface LocalRuntime {
  apiUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  referenceData: ReferenceDataReport;
  clock: Clock;
  workflows: LocalWorkflowEngine;
  /** Cycles whose review workflow was started again at boot. */
  resumed: string[];
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: DynamoDB Local, the table, the reference data, the stream
 * consumers and the API, wired exactly as in AWS but for the access control and the event source.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const tableName = options.tableName ?? 'gcm-follow-up';
  const logger = new Logger({ serviceName: 'gcm-local', logLevel: options.logLevel ?? 'WARN' });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.toReversed())
      await step().catch((error) => logger.error('stop failed', { error }));
  };
  try {
    const db = await startDynamoDbLocal({ dataDir: options.dataDir });
    stops.push(db.stop);
    const config = { ...LOCAL_AWS, endpoint: db.endpoint };
    const admin = new DynamoDBClient(config);
    stops.push(async () => admin.destroy());
    const streamArn = await ensureTable(admin, tableName);
    const client = createDocumentClient(config);
    stops.push(async () => client.destroy());

    const repositories = createRepositories(client, tableName);
    const referenceData = await loadReferenceData(repositories.entities, repositories.frameworks);

    // The port is fixed before the app exists: the development tokens name it as their issuer.
    const port = options.port === 0 ? await freePort() : options.port;
    const identity = await DevIdentityProvider.create(`http://localhost:${port}`);
    const clock = options.timeScale ? scaledClock(options.timeScale) : systemClock;
    const files = new LocalFileStore({
      root: await attachmentFolder(options.dataDir, stops),
      baseUrl: `http://localhost:${port}`,
    });
    // The engine runs the tasks of the use cases built next with it: the same code Lambda runs.
    const workflows = await LocalWorkflowEngine.load({
      file: REVIEW_WORKFLOW_FILE,
      functions: { ReviewTaskFunctionArn: (payload) => runReviewTask(useCases.round, payload) },
      logger,
    });
    stops.push(() => workflows.stopAll());
    const useCases = createUseCases(repositories, {
      directory: localDirectory,
      ids: serverIds,
      files,
      delivery: options.delivery ?? consoleDelivery(),
      workflows,
      clock,
    });
    const stream = startStreamPoller({
      endpoint: db.endpoint,
      streamArn,
      // Beside the data it follows: a restart resumes where the last run stopped.
      checkpoints: options.dataDir
        ? fileCheckpoints(join(options.dataDir, `${tableName}.stream-checkpoints.json`))
        : undefined,
      handle: streamConsumers(client, tableName, useCases.rollups),
      onError: (error) => logger.error('stream batch failed; retrying', { error }),
    });
    stops.push(stream.stop);
    const app = createApp({
      ...useCases,
      access: devTokenAccess(identity, repositories.grants, { grantCacheMs: 5_000 }),
      devIdentity: identity,
      attachmentContent: files,
      // One server serves the .xlsx exports too (a function of their own in AWS); the
      // spreadsheet library loads on the first one, not at start-up.
      writeWorkbook: async (sheets) => (await import('#exports/xlsx')).toXlsx(sheets),
      logger,
    });
    await listen(app.fetch, port, stops);
    const resumed = await resumeOpenCycles(repositories, workflows);
    const ticks = startSeriesTicks(useCases.series, clock, {
      onTick: ({ created, opened, blocked, failed }) => {
        if (created.length + opened.length > 0) logger.info('series tick', { created, opened });
        if (blocked.length + failed.length > 0)
          logger.error('series tick left work undone', { blocked, failed });
      },
      onError: (error) => logger.error('series tick failed; trying again at the next', { error }),
    });
    stops.push(ticks.stop);
    return {
      apiUrl: `http://localhost:${port}`,
      dynamoEndpoint: db.endpoint,
      tableName,
      referenceData,
      clock,
      workflows,
      resumed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Local executions live in memory: at boot, the workflow of every OPEN cycle, and of any cycle
 * whose open or close was left unfinished, starts again and picks up where the stored state says
 * it is (its tasks never send a notice twice).
 */
async function resumeOpenCycles(repositories: Repositories, workflows: LocalWorkflowEngine) {
  const resumed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await repositories.cycles.list({}, { limit: 100, cursor });
    for (const { cycle } of page.items) {
      const unfinished = (await repositories.cycles.pendingEvents(cycle.id)).length > 0;
      if (cycle.status !== 'OPEN' && !unfinished) continue;
      const { generation } = await repositories.rounds.state(cycle.id);
      await workflows.start({ cycleId: cycle.id, generation });
      resumed.push(cycle.id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return resumed;
}

/**
 * Attachments beside the table's data (`<dataDir>/attachments`), kept across restarts; for an
 * in-memory run, a temporary folder removed at stop.
 */
async function attachmentFolder(
  dataDir: string | undefined,
  stops: Array<() => Promise<void>>,
): Promise<string> {
  if (dataDir) return join(dataDir, 'attachments');
  const folder = await mkdtemp(join(tmpdir(), 'gcm-attachments-'));
  stops.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  stops: Array<() => Promise<void>>,
) {
  return new Promise<number>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use; set PORT to another port`)
          : error,
      ),
    );
    stops.push(() => new Promise<void>((done) => server.close(() => done())));
  });
}
