import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { deliverQueuedNotices, SesNoticeSender } from '#email';
import { config, required } from '../config.ts';
import { tableRepositories } from '../repositories.ts';

const logger = new Logger({ serviceName: 'gcm-notice-delivery' });
const deps = {
  notices: tableRepositories().notices,
  sender: new SesNoticeSender(new SESv2Client(), {
    from: required(config.senderEmail, 'SENDER_EMAIL'),
    configurationSet: required(config.sesConfigurationSet, 'SES_CONFIGURATION_SET'),
  }),
  sqs: new SQSClient(),
  queueUrl: required(config.noticeQueueUrl, 'NOTICE_QUEUE_URL'),
  logger,
};

/** The notice queue's consumer: sends each queued notice by email (Amazon SES). */
export const handler = (event: SQSEvent, context: Context) =>
  deliverQueuedNotices(event.Records, deps, context);
