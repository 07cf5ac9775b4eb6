import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Repositories, ServerIds } from '#core';
import { DynamoAttachmentRepository } from './attachment-store.ts';
import { DynamoCommitmentRepository } from './commitment-store.ts';
import { DynamoContactRepository } from './contact-store.ts';
import { DynamoContributionRepository } from './contribution-store.ts';
import { DynamoCycleRepository } from './cycle-store.ts';
import { DynamoEntityRepository } from './entity-store.ts';
import { DynamoFrameworkRepository } from './framework-store.ts';
import { DynamoGrantRepository } from './grant-store.ts';
import { IdempotencyRecords } from './idempotency.ts';
import { DynamoImportRepository } from './import-store.ts';
import { DynamoNoticeRepository } from './notice-store.ts';
import { DynamoRollupRepository } from './rollup-store.ts';
import { DynamoRoundRepository } from './round-store.ts';
import { DynamoSeriesRepository } from './series-store.ts';
import { DynamoSubmissionRepository } from './submission-store.ts';

/** Every repository on one table. */
export function createRepositories(
  client: DynamoDBDocumentClient,
  tableName: string,
): Repositories {
  return {
    entities: new DynamoEntityRepository(client, tableName),
    frameworks: new DynamoFrameworkRepository(client, tableName),
    grants: new DynamoGrantRepository(client, tableName),
    commitments: new DynamoCommitmentRepository(client, tableName),
    contacts: new DynamoContactRepository(client, tableName),
    cycles: new DynamoCycleRepository(client, tableName),
    submissions: new DynamoSubmissionRepository(client, tableName),
    contributions: new DynamoContributionRepository(client, tableName),
    series: new DynamoSeriesRepository(client, tableName),
    attachments: new DynamoAttachmentRepository(client, tableName),
    notices: new DynamoNoticeRepository(client, tableName),
    rounds: new DynamoRoundRepository(client, tableName),
    rollups: new DynamoRollupRepository(client, tableName),
    idempotency: new IdempotencyRecords(client, tableName),
    imports: new DynamoImportRepository(client, tableName),
  };
}

/** A server-assigned commitment id: `C-` and 12 random hex digits, within the id rule. */
export function newCommitmentId(): string {
  return `C-${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;
}

/** A server-assigned entry id: `E-` and 10 random hex digits. */
export function newEntryId(): string {
  return `E-${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;
}

/** A server-assigned attachment id: `A-` and 16 random hex digits. */
export function newAttachmentId(): string {
  return `A-${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`;
}

/** The server's ids, random and within the id rules. */
export const serverIds: ServerIds = {
  commitmentId: newCommitmentId,
  entryId: newEntryId,
  attachmentId: newAttachmentId,
};
