import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
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
}

interface ShardState {
  iterator?: string | undefined;
  done: boolean;
}

/**
 * Plays the part of Lambda's DynamoDB event source locally: reads the table's stream from the
 * start (every consumer is idempotent, so a replay at start-up is harmless), shard by shard,
 * parents before children, and hands batches to `handle` in order.
 */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const client = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: options.endpoint });
  const shards = new Map<string, ShardState>();
  // Each waiter notes the pass under way when it asked: only a later, empty pass proves the drain.
  let waiting: Array<{ after: number; resolve: () => void }> = [];
  let passes = 0;
  let stopped = false;

  async function pass(): Promise<number> {
    let applied = 0;
    for (const shard of await currentShards()) {
      const id = shard.ShardId as string;
      const state = shards.get(id) ?? { done: false };
      shards.set(id, state);
      const parent = shard.ParentShardId ? shards.get(shard.ParentShardId) : undefined;
      if (state.done || (parent && !parent.done)) continue;
      state.iterator ??= (
        await client.send(
          new GetShardIteratorCommand({
            StreamArn: options.streamArn,
            ShardId: id,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (state.iterator && !stopped) {
        const { Records = [], NextShardIterator } = await client.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 100 }),
        );
        if (Records.length > 0) await options.handle(Records);
        applied += Records.length;
        state.iterator = NextShardIterator;
        if (!NextShardIterator) state.done = true;
        if (Records.length === 0) break;
      }
    }
    return applied;
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
