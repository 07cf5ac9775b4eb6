import { Logger } from '@aws-lambda-powertools/logger';
import { createCycleDesks } from '#core';
import { config } from '../config.ts';
import { noticeDelivery } from '../notice-queue.ts';
import { tableRepositories } from '../repositories.ts';
import { reviewWorkflows } from '../review-workflows.ts';

const logger = new Logger({ serviceName: 'gcm-series-tick' });
const { series } = createCycleDesks(tableRepositories(), {
  delivery: noticeDelivery,
  workflows: reviewWorkflows(),
  adminEmail: config.adminEmail,
});

/**
 * The series' daily tick, invoked by an EventBridge Scheduler schedule: creates and opens the
 * cycles the rules call for. Safe to run twice (a retried invocation, two schedules).
 */
export async function handler() {
  const report = await series.tick();
  logger.info('series tick done', { ...report });
  // The other series were brought up to date; failing the invocation sounds the alarm for these.
  if (report.failed.length > 0)
    throw new Error(
      `the series tick failed for ${report.failed.map((f) => f.seriesId).join(', ')}`,
    );
  return report;
}
