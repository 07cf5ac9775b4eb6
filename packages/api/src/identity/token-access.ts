import type { Context } from 'hono';
import { type JWTVerifyGetKey, jwtVerify } from 'jose';
import { assertAllowed, type Caller, Grant, type GrantRepository } from '#core';
import type { AccessControl } from '../access.ts';

export interface TokenAccessSettings {
  /** The identity provider: Cognito's user pool URL in AWS, the development provider locally. */
  issuer: string;
  /** The app client id: matched against `aud` (ID tokens) or `client_id` (Cognito access tokens). */
  audience: string;
  keys: JWTVerifyGetKey;
  grants: GrantRepository;
  /** Locally only: the grant claimed by a development token counts, so tests need no invitations. */
  trustTokenGrant?: boolean;
  /** How long a caller's grants are cached; grants change rarely and a stale minute is harmless. */
  grantCacheMs?: number;
}

/**
 * Verified bearer tokens plus grants from the table, decided by the core's policy. One verifier
 * serves Cognito's https key set and the development provider's local one alike.
 */
export function tokenAccess(settings: TokenAccessSettings): AccessControl {
  const cache = new Map<string, { grants: Grant[]; until: number }>();
  const grantsOf = async (sub: string): Promise<Grant[]> => {
    const hit = cache.get(sub);
    if (hit && hit.until > Date.now()) return hit.grants;
    const grants = await settings.grants.grantsOf(sub);
    // A warm Lambda serves many users: drop what has expired before the cache grows large.
    if (cache.size > 1_000)
      for (const [key, entry] of cache) if (entry.until <= Date.now()) cache.delete(key);
    cache.set(sub, { grants, until: Date.now() + (settings.grantCacheMs ?? 30_000) });
    return grants;
  };

  return {
    async authenticate(c: Context): Promise<Caller | null> {
      const token = /^Bearer (\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
      if (!token) return null;
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, settings.keys, {
          issuer: settings.issuer,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'sub'],
        }));
      } catch {
        return null;
      }
      const audiences = [payload.aud].flat();
      if (!audiences.includes(settings.audience) && payload.client_id !== settings.audience)
        return null;
      if (typeof payload.sub !== 'string' || payload.sub === '') return null;
      const grants = [...(await grantsOf(payload.sub))];
      if (settings.trustTokenGrant) {
        const claimed = Grant.safeParse(payload.grant);
        if (claimed.success) grants.push(claimed.data);
      }
      return { sub: payload.sub, grants };
    },
    async authorize(caller, action, resource) {
      assertAllowed(caller, action, resource);
    },
  };
}
