import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  type IdempotencyStore,
  IdempotentReplayError,
  InvalidInputError,
  type StoredResponse,
} from '#core';
import type { AppEnv } from '../access.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers a replay repeats with the body. */
const KEPT_HEADERS = ['content-type', 'etag', 'location'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `Idempotency-Key` on any mutating request. The key, scoped to caller, method and path, is
 * written by the transaction that makes the change; the first response is kept beside it. A
 * replay gets that response byte for byte and writes nothing; the same key with another body, 422.
 */
export function idempotency(store: IdempotencyStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    const caller = c.get('caller');
    if (key === undefined || !MUTATING.has(c.req.method) || !caller) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new InvalidInputError([
        {
          in: 'header',
          pointer: '/Idempotency-Key',
          message: 'must be 1 to 200 visible ASCII characters',
        },
      ]);
    }
    const id = sha256(`${caller.sub}\n${c.req.method}\n${c.req.path}\n${key}`);
    const requestHash = sha256(await c.req.text());

    const earlier = await answerFrom(store, id, requestHash);
    if (earlier) return earlier;

    await store.run(id, requestHash, () => next());
    if (c.error instanceof IdempotentReplayError) {
      // A duplicate raced this one and changed things first: answer as it did.
      const answer = await answerFrom(store, id, requestHash);
      if (answer) c.res = answer;
      return;
    }
    if (c.res.status < 300) {
      const response: StoredResponse = {
        status: c.res.status,
        headers: Object.fromEntries(
          KEPT_HEADERS.flatMap((name) =>
            c.res.headers.get(name) ? [[name, c.res.headers.get(name) as string]] : [],
          ),
        ),
        body: await c.res.clone().text(),
      };
      await store.complete(id, requestHash, response).catch(() => {
        // A request that changed nothing claimed no key; there is nothing to keep.
      });
    }
  };
}

/** The kept response for this key, 422 if the body differs, 409 while the first is completing. */
async function answerFrom(
  store: IdempotencyStore,
  id: string,
  requestHash: string,
): Promise<Response | undefined> {
  const record = await store.get(id);
  if (!record) return undefined;
  if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  if (!record.response)
    throw new ConflictError(
      'the first request with this Idempotency-Key is still completing; retry shortly',
    );
  return new Response(record.response.body, {
    status: record.response.status,
    headers: record.response.headers,
  });
}
