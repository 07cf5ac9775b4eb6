import { Logger } from '@aws-lambda-powertools/logger';
import { createReviewRound, runReviewTask } from '#core';
import { config } from '../config.ts';
import { noticeDelivery } from '../notice-queue.ts';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-review-workflow' });
const round = createReviewRound(tableRepositories(), {
  delivery: noticeDelivery,
  adminEmail: config.adminEmail,
});

/**
 * The review workflow's tasks (PlanNext, Act, RecordFailure), invoked by Step Functions with
 * `{ task, cycleId, error? }`; the local engine runs the same `runReviewTask`.
 */
export async function handler(event: unknown) {
  const result = await runReviewTask(round, event);
  logger.info('review task done', { event, result });
  return result;
}
