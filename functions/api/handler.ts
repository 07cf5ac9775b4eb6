import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { handle } from 'hono/aws-lambda';
import { createApp } from '#api';
import { CognitoIdentityDirectory } from '#cognito';
import { createUseCases } from '#core';
import { ATTACHMENT_CLIENT_CONFIG, S3FileStore } from '#s3';
import { serverIds } from '#store';
import { cognitoAccess, userPoolId } from '../cognito-access.ts';
import { config, required } from '../config.ts';
import { noticeDelivery } from '../notice-queue.ts';
import { tableRepositories } from '../repositories.ts';
import { reviewWorkflows } from '../review-workflows.ts';

const logger = new Logger({ serviceName: 'gcm-api' });
const repositories = tableRepositories();

export const app = createApp({
  ...createUseCases(repositories, {
    directory: new CognitoIdentityDirectory(new CognitoIdentityProviderClient(), userPoolId),
    ids: serverIds,
    files: new S3FileStore(
      new S3Client(ATTACHMENT_CLIENT_CONFIG),
      required(config.attachmentBucket, 'ATTACHMENT_BUCKET'),
    ),
    delivery: noticeDelivery,
    workflows: reviewWorkflows(),
    adminEmail: config.adminEmail,
  }),
  access: cognitoAccess(repositories.grants),
  logger,
});

/** API Gateway HTTP API (payload v2) entry point. */
export const handler = handle(app);
