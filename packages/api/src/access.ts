import type { Context, MiddlewareHandler } from 'hono';
import { ForbiddenError } from '#core';
import { problem } from './http/problem.ts';

/** What a route asks permission for. Every route names exactly one action. */
export type Action =
  | 'frameworks:read'
  | 'regions:read'
  | 'entities:read'
  | 'entities:create'
  | 'entities:update'
  | 'entities:delete';

/** The resource an action is on, as far as the decision needs it. */
export interface Resource {
  entityId?: string;
}

/** A verified caller. */
export interface Caller {
  sub: string;
}

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

/** Routes anyone may call, with no credentials. Everything else requires a verified caller. */
export const PUBLIC_PATHS: readonly string[] = ['/health', '/openapi.json', '/reference'];

type Variables = { caller: Caller };
export type AppEnv = { Variables: Variables };

/** Middleware: resolves the caller, or answers 401. */
export function authenticate(access: AccessControl): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (PUBLIC_PATHS.includes(c.req.path)) return next();
    const caller = await access.authenticate(c);
    if (!caller) {
      c.header('WWW-Authenticate', 'Bearer');
      return problem(c, 401, 'a valid bearer token is required');
    }
    c.set('caller', caller);
    return next();
  };
}

/**
 * Until identity arrives (the identity-and-access issue), every request acts as one open caller
 * and every action is allowed. Used by the local runtime and, for now, the deployed API.
 */
export const openAccess: AccessControl = {
  authenticate: async () => ({ sub: 'anonymous' }),
  authorize: async () => {},
};

/**
 * Until identity arrives, the deployed API serves reads only: nobody can be verified, so nobody
 * may write. Safer than open access on the internet.
 */
export const readOnlyAccess: AccessControl = {
  authenticate: async () => ({ sub: 'anonymous' }),
  authorize: async (_caller, action) => {
    if (!action.endsWith(':read'))
      throw new ForbiddenError('writes need an identity, which is not yet configured');
  },
};
