/** A field-level problem in a request, located by a JSON Pointer (RFC 6901) into the input. */
export interface InputIssue {
  /** Where the problem is: the body (the default), the query string, the path or a header. */
  in?: 'body' | 'query' | 'path' | 'header';
  pointer: string;
  message: string;
}

/** Base of every error the core raises on purpose; adapters map each subclass to a response. */
export abstract class DomainError extends Error {
  override readonly name: string = this.constructor.name;
}

/** The input is well-formed but breaks a rule of the domain (400). */
export class InvalidInputError extends DomainError {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(issues.map((i) => `${i.pointer || '/'}: ${i.message}`).join('; '));
    this.issues = issues;
  }
}

/** The resource is public only in some states; in this one it needs a signed-in caller (401). */
export class AuthenticationRequiredError extends DomainError {
  constructor() {
    super('a valid bearer token is required');
  }
}

/** The caller may not do this (403). */
export class ForbiddenError extends DomainError {}

/** The resource does not exist (404). */
export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super(`${resource} ${id} does not exist`);
  }
}

/** The request conflicts with the resource's current state (409). */
export class ConflictError extends DomainError {}

/** Another write to the same item happened at the same moment; retrying may succeed (409). */
export class ConcurrentWriteError extends ConflictError {
  constructor(options?: { cause?: unknown }) {
    super('another write to the same resource happened at the same moment; retry', options);
  }
}

/** Another request with the same Idempotency-Key changed things first; its response is the answer (409 until it is kept). */
export class IdempotentReplayError extends ConflictError {}

/** An Idempotency-Key used again with another body (422). */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'this Idempotency-Key was used with another request body; use a new key for a new request',
    );
  }
}

/** The write carried a version that is no longer current (412). */
export class VersionConflictError extends DomainError {
  constructor(expected: number, options?: { cause?: unknown }) {
    super(`version ${expected} is no longer current`, options);
  }
}

/** Overwriting an existing resource needs the version it was read at (428). */
export class VersionRequiredError extends DomainError {
  constructor() {
    super('overwriting this resource requires the version it was read at (If-Match)');
  }
}

/** Throws InvalidInputError listing the issues, if there are any. */
export function assertNoIssues(issues: InputIssue[]): void {
  if (issues.length > 0) throw new InvalidInputError(issues);
}

/**
 * The version check of every write: without If-Match, 428 where the write overwrites (`required`)
 * and nothing for actions; with one, 412 unless it names the current version.
 */
export function checkVersion(
  current: number,
  expected: number | undefined,
  { required }: { required: boolean },
): void {
  if (expected === undefined) {
    if (required) throw new VersionRequiredError();
    return;
  }
  if (expected !== current) throw new VersionConflictError(expected);
}

/** Parses `value` with `schema`, or throws InvalidInputError with a JSON Pointer per issue. */
export function parseInput<T>(
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(
    parsed.error.issues.map((issue) => ({
      pointer: issue.path.map((p) => `/${String(p)}`).join(''),
      message: issue.message,
    })),
  );
}
