import type { Hook } from '@hono/zod-openapi';
import type { InputIssue } from '#core';
import type { AppEnv } from '../access.ts';
import { problem } from './problem.ts';

const LOCATION: Record<string, InputIssue['in']> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
};

/** Turns a failed zod validation into a 400 problem listing each issue with a JSON Pointer. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const location = LOCATION[result.target] ?? 'body';
  const errors: InputIssue[] = result.error.issues.map((issue) => ({
    in: location,
    pointer: toPointer(issue.path),
    message: issue.message,
  }));
  return problem(c, 400, 'the request is not valid', errors);
};

/** RFC 6901: `~` and `/` in a segment are escaped as `~0` and `~1`. */
function toPointer(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}
