import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import { createApp, readOnlyAccess } from '#api';
import { EntityRegistry, FrameworkCatalogue } from '#core';
import { createDocumentClient, DynamoEntityRepository, DynamoFrameworkRepository } from '#store';
import { config } from '../config.ts';

const logger = new Logger({ serviceName: 'gcm-api' });
const client = createDocumentClient();

const app = createApp({
  entities: new EntityRegistry(new DynamoEntityRepository(client, config.tableName)),
  frameworks: new FrameworkCatalogue(new DynamoFrameworkRepository(client, config.tableName)),
  // Writes stay closed until identity (Cognito + grants) arrives; see readOnlyAccess.
  access: readOnlyAccess,
  logger,
});

/** API Gateway HTTP API (payload v2) entry point. */
export const handler = handle(app);
