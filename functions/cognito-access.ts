import { createRemoteJWKSet } from 'jose';
import { type AccessControl, tokenAccess } from '#api';
import type { GrantRepository } from '#core';
import { config, required } from './config.ts';

/** The user pool the functions' callers sign in to. */
export const userPoolId = required(config.userPoolId, 'USER_POOL_ID');
const issuer = `https://cognito-idp.${required(config.region, 'AWS_REGION')}.amazonaws.com/${userPoolId}`;

/**
 * Access for the functions behind the HTTP API: the API Gateway JWT authorizer checked the token
 * already (on the routes that need one); the app checks it again and adds the caller's grants.
 */
export function cognitoAccess(grants: GrantRepository): AccessControl {
  return tokenAccess({
    issuer,
    audience: required(config.userPoolClientId, 'USER_POOL_CLIENT_ID'),
    keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
    grants,
  });
}
