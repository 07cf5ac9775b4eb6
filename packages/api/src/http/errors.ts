import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  AuthenticationRequiredError,
  ConflictError,
  DomainError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  maskEmails,
  NotFoundError,
  VersionConflictError,
  VersionRequiredError,
} from '#core';
import { problem } from './problem.ts';

const STATUS_OF: Array<[new (...args: never[]) => DomainError, ContentfulStatusCode]> = [
  [InvalidInputError, 400],
  [AuthenticationRequiredError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [IdempotencyKeyReusedError, 422],
  [VersionConflictError, 412],
  [VersionRequiredError, 428],
];

/** The one place errors become responses: domain errors by class, hono's by status, the rest 500. */
export function errorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof DomainError) {
      if (error instanceof AuthenticationRequiredError) c.header('WWW-Authenticate', 'Bearer');
      const status = STATUS_OF.find(([type]) => error instanceof type)?.[1] ?? 500;
      return problem(
        c,
        status,
        error.message,
        error instanceof InvalidInputError ? error.issues : undefined,
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      // hono's own 4xx (malformed JSON) concern the body as a whole.
      const errors =
        error.status === 400
          ? [{ in: 'body' as const, pointer: '', message: error.message }]
          : undefined;
      return problem(c, error.status as ContentfulStatusCode, error.message, errors);
    }
    logger.error('unhandled error', {
      error: {
        name: error.name,
        message: maskEmails(error.message),
        stack: maskEmails(error.stack ?? ''),
      },
      method: c.req.method,
      path: c.req.path,
    });
    return problem(c, 500, 'the server could not complete the request; it has been logged');
  };
}
