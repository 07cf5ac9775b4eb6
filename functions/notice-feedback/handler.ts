import { Logger } from '@aws-lambda-powertools/logger';
import { createFeedbackDesk } from '#core';
import { parseSesFeedback } from '#email';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-notice-feedback' });
const desk = createFeedbackDesk(tableRepositories());

/** SES bounce and complaint events (EventBridge): marks the notice and its recipient's contacts. */
export async function handler(event: unknown): Promise<void> {
  const { eventType, feedback } = parseSesFeedback(event);
  if (!feedback) {
    logger.info('SES event ignored', { eventType });
    return;
  }
  const outcome = await desk.recordFeedback(feedback);
  // Not ours (another app using the same configuration set?) or deleted: nothing to mark.
  if (outcome === 'UNKNOWN_NOTICE') {
    logger.warn('SES feedback on an unknown notice', { ...feedback });
  } else {
    logger.info('SES feedback', { ...feedback, outcome });
  }
}
