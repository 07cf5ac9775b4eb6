import { readFile, writeFile } from 'node:fs/promises';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_AWS } from './dynamodb-local.ts';

export interface StreamPoller {
  /** Resolves after a full pass over every shard found nothing new: everything written so far is applied. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export interface StreamPollerOptions {
  endpoint: string;
  streamArn: string;
  /** Receives each batch in shard order; a throw leaves the batch to be retried on the next pass. */
  handle(records: _Record[]): Promise<void>;
  onError(error: unknown): void;
  intervalMs?: number;
  /** Where the position is kept across restarts; without one, every start reads from the beginning. */
  checkpoints?: Checkpoints | undefined;
  /** The Streams client; by default one for `endpoint`. */
  client?: DynamoDBStreamsClient | undefined;
}

/** The last sequence number handled, per shard. */
export interface Checkpoints {
  load(): Promise<Record<string, string>>;
  save(shardId: string, sequenceNumber: string): Promise<void>;
}

/** Checkpoints in a JSON file (beside DynamoDB Local's data), rewritten after each batch. */
export function fileCheckpoints(path: string): Checkpoints {
  let positions: Record<string, string> | undefined;
  return {
    async load() {
      positions = await readFile(path, 'utf8')
        .then((text) => JSON.parse(text) as Record<string, string>)
        .catch(() => ({}));
      return { ...positions };
    },
    async save(shardId, sequenceNumber) {
      positions = { ...positions, [shardId]: sequenceNumber };
      await writeFile(path, `${JSON.stringify(positions, null, 2)}\n`);
    },
  };
}

interface ShardState {
  iterator?: string | undefined;
  /** The last record handled: where to resume after a restart or an expired iterator. */
  after?: string | undefined;
  done: boolean;
}

/**
 * Plays the part of Lambda's DynamoDB event source locally: reads the table's stream shard by
 * shard, parents before children, and hands batches to `handle` in order. It resumes after the
 * last record handled (kept in `checkpoints` across restarts), and gets a fresh iterator when one
 * expires. Every consumer is idempotent, so reading a record twice is harmless.
 */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const client =
    options.client ?? new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: options.endpoint });
  const shards = new Map<string, ShardState>();
  const saved = options.checkpoints?.load() ?? Promise.resolve({} as Record<string, string>);

  async function iteratorFor(
    shardId: string,
    after: string | undefined,
  ): Promise<string | undefined> {
    const position = after
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: after }
      : { ShardIteratorType: 'TRIM_HORIZON' as const };
    try {
      return (
        await client.send(
          new GetShardIteratorCommand({
            StreamArn: options.streamArn,
            ShardId: shardId,
            ...position,
          }),
        )
      ).ShardIterator;
    } catch (error) {
      // The position fell out of the stream's retention: start from what is left.
      if (after && error instanceof TrimmedDataAccessException)
        return iteratorFor(shardId, undefined);
      throw error;
    }
  }
  // Each waiter notes the pass under way when it asked: only a later, empty pass proves the drain.
  let waiting: Array<{ after: number; resolve: () => void }> = [];
  let passes = 0;
  let stopped = false;

  async function pass(): Promise<number> {
    let applied = 0;
    for (const shard of await currentShards()) {
      const id = shard.ShardId as string;
      const state = shards.get(id) ?? { done: false, after: (await saved)[id] };
      shards.set(id, state);
      const parent = shard.ParentShardId ? shards.get(shard.ParentShardId) : undefined;
      if (state.done || (parent && !parent.done)) continue;
      state.iterator ??= await iteratorFor(id, state.after);
      while (state.iterator && !stopped) {
        let page: Awaited<ReturnType<typeof read>>;
        try {
          page = await read(state.iterator);
        } catch (error) {
          if (!(error instanceof ExpiredIteratorException)) throw error;
          state.iterator = await iteratorFor(id, state.after);
          continue;
        }
        const { Records = [], NextShardIterator } = page;
        if (Records.length > 0) {
          await options.handle(Records);
          state.after = Records.at(-1)?.dynamodb?.SequenceNumber ?? state.after;
          if (state.after) await options.checkpoints?.save(id, state.after);
        }
        applied += Records.length;
        state.iterator = NextShardIterator;
        if (!NextShardIterator) state.done = true;
        if (Records.length === 0) break;
      }
    }
    return applied;
  }

  function read(iterator: string) {
    return client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
  }

  // Describing the stream costs DynamoDB Local more than reading it: do it only when a shard
  // has closed (its children must be found) or every few seconds.
  let known: Shard[] = [];
  let describedAt = 0;
  async function currentShards(): Promise<Shard[]> {
    const closed = known.some((shard) => shards.get(shard.ShardId as string)?.done);
    if (known.length === 0 || closed || Date.now() - describedAt > 5_000) {
      known = (await listShards()).filter((shard) => !shards.get(shard.ShardId as string)?.done);
      describedAt = Date.now();
    }
    return known;
  }

  async function listShards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId: start }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const started = ++passes;
        if ((await pass()) === 0) {
          for (const waiter of waiting.filter((w) => w.after < started)) waiter.resolve();
          waiting = waiting.filter((w) => w.after >= started);
        }
      } catch (error) {
        if (!stopped) options.onError(error);
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
    }
  })();

  return {
    drained: () => new Promise<void>((resolve) => waiting.push({ after: passes, resolve })),
    async stop() {
      stopped = true;
      await loop;
      for (const waiter of waiting) waiter.resolve();
      client.destroy();
    },
  };
}
