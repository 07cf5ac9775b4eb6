import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import { createExportApp } from '#api';
import { createExportDesk } from '#core';
import { toXlsx } from '#exports/xlsx';
import { cognitoAccess } from '../cognito-access.ts';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-exports' });
const repositories = tableRepositories();

export const app = createExportApp({
  exports: createExportDesk(repositories),
  // The routes are public (published cycles' exports are anyone's): the app checks a token
  // when one is sent, as the API does, and adds the caller's grants.
  access: cognitoAccess(repositories.grants),
  logger,
  writeWorkbook: toXlsx,
});

/** API Gateway HTTP API (payload v2) entry point for the .xlsx routes; binary bodies go base64. */
export const handler = handle(app);
