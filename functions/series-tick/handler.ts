import { Logger } from '@aws-lambda-powertools/logger';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createCycleDesks } from '#core';
import { StepFunctionsEngine } from '#sfn';
import { config, required } from '../config.ts';
import { noticeDelivery } from '../notice-queue.ts';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-series-tick' });
const { series } = createCycleDesks(tableRepositories(), {
  delivery: noticeDelivery,
  workflows: new StepFunctionsEngine(
    new SFNClient(),
    required(config.reviewStateMachineArn, 'REVIEW_STATE_MACHINE_ARN'),
  ),
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
