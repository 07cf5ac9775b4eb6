import { Hono } from 'hono';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenAccess } from '#api';
import type { Grant, GrantRepository } from '#core';

const ISSUER = 'http://idp.test';
const AUDIENCE = 'gcm-client';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let trusted: Key;
let stranger: Key;
let access: ReturnType<typeof tokenAccess>;
const stored: Record<string, Grant[]> = { alice: [{ role: 'FOCAL_POINT', entityId: 'FRA' }] };
const grants: GrantRepository = {
  grantsOf: async (sub) => stored[sub] ?? [],
  add: async () => {},
  usersOf: async () => [],
  removeFromEntity: async () => 0,
};

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  trusted = pair.privateKey;
  stranger = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  access = tokenAccess({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: createLocalJWKSet({ keys: [jwk] }),
    grants,
    grantCacheMs: 0,
  });
});

function sign(
  claims: JWTPayload,
  { key = trusted, expires = '5m' as string | number, issuer = ISSUER, audience = AUDIENCE } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('alice')
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key);
}

/** Runs authenticate() inside a real hono context carrying the header. */
async function callerFor(authorization?: string) {
  const app = new Hono().get('/', async (c) => c.json({ caller: await access.authenticate(c) }));
  const res = await app.request('/', { headers: authorization ? { authorization } : {} });
  return ((await res.json()) as { caller: unknown }).caller;
}

describe('bearer token verification', () => {
  it('accepts a valid token and resolves the grants from the table', async () => {
    expect(await callerFor(`Bearer ${await sign({})}`)).toEqual({
      sub: 'alice',
      grants: [{ role: 'FOCAL_POINT', entityId: 'FRA' }],
    });
  });

  it('accepts a Cognito access token, whose audience is its client_id', async () => {
    const token = await new SignJWT({ client_id: AUDIENCE, token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setSubject('alice')
      .setExpirationTime('5m')
      .sign(trusted);
    expect(await callerFor(`Bearer ${token}`)).toMatchObject({ sub: 'alice' });
  });

  it('ignores grants claimed by the token outside the local runtime', async () => {
    const token = await sign({ grant: { role: 'ADMIN' } });
    expect(await callerFor(`Bearer ${token}`)).toMatchObject({
      grants: [{ role: 'FOCAL_POINT', entityId: 'FRA' }],
    });
  });

  it.each([
    ['no header', async () => undefined],
    ['another scheme', async () => `Basic ${await sign({})}`],
    [
      'an expired token',
      async () => `Bearer ${await sign({}, { expires: Math.floor(Date.now() / 1000) - 60 })}`,
    ],
    ['another issuer', async () => `Bearer ${await sign({}, { issuer: 'http://elsewhere' })}`],
    ['another audience', async () => `Bearer ${await sign({}, { audience: 'other-client' })}`],
    [
      'a key the provider never published',
      async () => `Bearer ${await sign({}, { key: stranger })}`,
    ],
    [
      'a tampered payload',
      async () => {
        const [header, payload, signature] = (await sign({})).split('.');
        const forged = Buffer.from(
          JSON.stringify({
            ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()),
            sub: 'mallory',
          }),
        ).toString('base64url');
        return `Bearer ${header}.${forged}.${signature}`;
      },
    ],
    [
      'an unsigned token',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'alice', iss: ISSUER, aud: AUDIENCE }),
        ).toString('base64url');
        return `Bearer ${header}.${payload}.`;
      },
    ],
  ])('refuses %s', async (_, header) => {
    expect(await callerFor(await header())).toBeNull();
  });
});
