import type { Context, MiddlewareHandler } from 'hono';
import { type Action, type Caller, ForbiddenError, type Guard, type Resource } from '#core';
import { problem } from './http/problem.ts';

export type { Action, Caller, Resource };

/**
 * The single slot where identity and authorisation plug in: the app asks it who is calling
 * (before anything else, so 401 comes first) and whether they may act (after input validation).
 */
export interface AccessControl {
  /** The verified caller, or null when the request carries no valid credentials. */
  authenticate(c: Context): Promise<Caller | null>;
  /** Throws ForbiddenError when the caller may not perform the action on the resource. */
  authorize(caller: Caller, action: Action, resource: Resource): Promise<void>;
}

/** Routes anyone may call without credentials; `localOnly` ones exist only in the local runtime. */
export const PUBLIC_ROUTES: ReadonlyArray<{
  method: string;
  path: string;
  localOnly?: boolean;
  /** Open to anyone, but a caller who sends a token is identified (an invalid one is a 401). */
  identifiesCaller?: boolean;
}> = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/reference' },
  { method: 'GET', path: '/v1/published/cycles/{id}/submissions/{entityId}' },
  // Public once the cycle is published; before, the desk asks for a caller who may read them.
  { method: 'GET', path: '/v1/cycles/{id}/rollup', identifiesCaller: true },
  { method: 'GET', path: '/v1/cycles/{id}/rollup/scopes', identifiesCaller: true },
  { method: 'GET', path: '/v1/cycles/{id}/summary', identifiesCaller: true },
  // Exports, by the same rules as the rollups and submissions they show.
  { method: 'GET', path: '/v1/cycles/{id}/rollup.csv', identifiesCaller: true },
  { method: 'GET', path: '/v1/cycles/{id}/rollup.xlsx', identifiesCaller: true },
  { method: 'GET', path: '/v1/cycles/{id}/submissions.csv', identifiesCaller: true },
  { method: 'GET', path: '/v1/cycles/{id}/submissions.xlsx', identifiesCaller: true },
  // Public once attached to a published PUBLIC_ON_PUBLISH submission; before, the desk decides.
  { method: 'GET', path: '/v1/attachments/{id}', identifiesCaller: true },
  // The local runtime's stand-in for S3's presigned URLs: their signature is the credential.
  { method: 'PUT', path: '/v1/attachments/{id}/content', localOnly: true },
  { method: 'GET', path: '/v1/attachments/{id}/content', localOnly: true },
  { method: 'GET', path: '/.well-known/jwks.json', localOnly: true },
  { method: 'POST', path: '/dev/token', localOnly: true },
];

/** Whether a request path fits a route path, `{name}` standing for one segment. */
function matches(route: string, path: string): boolean {
  const pattern = route.replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

type Variables = { caller: Caller };
export type AppEnv = { Variables: Variables };

/** Middleware: resolves the caller, or answers 401. */
export function authenticate(access: AccessControl): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const open = PUBLIC_ROUTES.find(
      (route) => route.method === c.req.method && matches(route.path, c.req.path),
    );
    if (open && !(open.identifiesCaller && c.req.header('authorization'))) return next();
    const caller = await access.authenticate(c);
    if (!caller) {
      c.header('WWW-Authenticate', 'Bearer');
      return problem(c, 401, 'a valid bearer token is required');
    }
    c.set('caller', caller);
    return next();
  };
}

/** The guard a use case calls once it knows the resource: this caller, this action. */
export function guardFor(access: AccessControl, caller: Caller, action: Action): Guard {
  return (resource) => access.authorize(caller, action, resource);
}

/**
 * The guard of a public route's caller who sent a token; none for an anonymous one (the use case
 * decides whether it needs one).
 */
export function guardIfCaller(
  access: AccessControl,
  caller: Caller | undefined,
  action: Action,
): Guard | undefined {
  return caller ? guardFor(access, caller, action) : undefined;
}

/**
 * Every request acts as one open caller and every action is allowed: for tests of behaviour
 * other than access. Never used by the runtimes.
 */
export const openAccess: AccessControl = {
  authenticate: async () => ({ sub: 'anonymous', grants: [{ role: 'ADMIN' }] }),
  authorize: async () => {},
};

/** Reads only, whoever calls: for tests of the 400-before-403 order. */
export const readOnlyAccess: AccessControl = {
  authenticate: async () => ({ sub: 'anonymous', grants: [{ role: 'READER' }] }),
  authorize: async (_caller, action) => {
    if (!action.endsWith(':read')) throw new ForbiddenError('read-only');
  },
};
