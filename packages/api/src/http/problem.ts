import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { InputIssue } from '#core';

/** An RFC 9457 problem document; `errors` lists field-level problems of a 400. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: InputIssue[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
};

/** Sends an `application/problem+json` response. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail?: string,
  errors?: InputIssue[],
): Response {
  const body: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail !== undefined && { detail }),
    // An issue without a location is about the body.
    ...(errors !== undefined && {
      errors: errors.map((error) => ({ in: 'body' as const, ...error })),
    }),
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}
