import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
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

/**
 * Adds the core's domain rules to a request schema, so that they answer 400 during validation,
 * before any authorisation or lookup.
 */
export function withRules<T>(rules: (value: T) => InputIssue[]) {
  return (value: T, ctx: z.RefinementCtx) => {
    for (const issue of rules(value)) {
      ctx.addIssue({ code: 'custom', path: fromPointer(issue.pointer), message: issue.message });
    }
  };
}

/** RFC 6901: `~` and `/` in a segment are escaped as `~0` and `~1`. */
function toPointer(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

function fromPointer(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
