import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';
import { createExportApp, tokenAccess } from '#api';
import { createExportDesk } from '#core';
import { toXlsx } from '#exports/xlsx';
import { createDocumentClient, createRepositories } from '#store';
import { config, required } from '../config.ts';

const logger = new Logger({ serviceName: 'gcm-exports' });
const repositories = createRepositories(createDocumentClient(), config.tableName);
const userPoolId = required(config.userPoolId, 'USER_POOL_ID');
const issuer = `https://cognito-idp.${required(config.region, 'AWS_REGION')}.amazonaws.com/${userPoolId}`;

export const app = createExportApp({
  exports: createExportDesk(repositories),
  // The routes are public (published cycles' exports are anyone's): the app checks a token
  // when one is sent, as the API does, and adds the caller's grants.
  access: tokenAccess({
    issuer,
    audience: required(config.userPoolClientId, 'USER_POOL_CLIENT_ID'),
    keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
    grants: repositories.grants,
  }),
  logger,
  writeWorkbook: toXlsx,
});

/** API Gateway HTTP API (payload v2) entry point for the .xlsx routes; binary bodies go base64. */
export const handler = handle(app);
