import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import { type AccessControl, type DevIdentity, tokenAccess } from '#api';
import type { Grant, GrantRepository, IdentityDirectory } from '#core';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * The development identity provider: an RS256 key made at start-up, tokens for any user and
 * grant, and the public key set the app verifies them with, exactly as it verifies Cognito's.
 */
export class DevIdentityProvider implements DevIdentity {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JWTVerifyGetKey;
  readonly #privateKey: PrivateKey;
  readonly #publicJwk: JWK;

  private constructor(issuer: string, audience: string, privateKey: PrivateKey, publicJwk: JWK) {
    this.issuer = issuer;
    this.audience = audience;
    this.#privateKey = privateKey;
    this.#publicJwk = publicJwk;
    this.keys = createLocalJWKSet({ keys: [publicJwk] });
  }

  static async create(issuer: string, audience = 'gcm-local'): Promise<DevIdentityProvider> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'dev-1', alg: 'RS256', use: 'sig' };
    return new DevIdentityProvider(issuer, audience, privateKey, publicJwk);
  }

  async jwks() {
    return { keys: [this.#publicJwk] };
  }

  issue({ sub, grant }: { sub: string; grant?: Grant | undefined }): Promise<string> {
    return new SignJWT(grant ? { grant } : {})
      .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(this.#privateKey);
  }
}

/** Invited users, locally: the sub is derived from the email, and the dev token is the sign-in. */
export const localDirectory: IdentityDirectory = {
  async ensureUser(email) {
    return {
      sub: `local-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`,
    };
  },
};

/**
 * Access control for the local runtime: the development provider's tokens, and grants from the
 * table plus the one the token claims. Tests cache no grants, so a removal counts at once.
 */
export function devTokenAccess(
  identity: DevIdentityProvider,
  grants: GrantRepository,
  { grantCacheMs = 0 }: { grantCacheMs?: number } = {},
): AccessControl {
  return tokenAccess({
    issuer: identity.issuer,
    audience: identity.audience,
    keys: identity.keys,
    grants,
    trustTokenGrant: true,
    grantCacheMs,
  });
}
