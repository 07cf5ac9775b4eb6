import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { loadReferenceData } from '#core';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-reference-data' });
const repositories = tableRepositories();

/**
 * Custom resource: loads the shipped reference data on every deploy that changes it. Loading is
 * idempotent, and deleting the stack leaves the (retained) table's data alone.
 */
export const handler = async (event: CloudFormationCustomResourceEvent) => {
  if (event.RequestType !== 'Delete') {
    const report = await loadReferenceData(repositories.entities, repositories.frameworks);
    logger.info('reference data loaded', { ...report });
  }
  return { PhysicalResourceId: 'reference-data' };
};
