import { z } from 'zod';

const FunctionConfig = z.object({
  TABLE_NAME: z.string().min(3).optional(),
  AWS_REGION: z.string().min(1).optional(),
  USER_POOL_ID: z.string().min(1).optional(),
  USER_POOL_CLIENT_ID: z.string().min(1).optional(),
  REVIEW_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  ADMIN_EMAIL: z.email().optional(),
  ATTACHMENT_BUCKET: z.string().min(3).optional(),
  NOTICE_QUEUE_URL: z.url().optional(),
  SENDER_EMAIL: z.email().optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

/** The functions' configuration, read once at cold start; a missing value fails the start, loudly. */
export const config = (() => {
  const parsed = FunctionConfig.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `invalid function configuration: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  return {
    tableName: parsed.data.TABLE_NAME,
    region: parsed.data.AWS_REGION,
    userPoolId: parsed.data.USER_POOL_ID,
    userPoolClientId: parsed.data.USER_POOL_CLIENT_ID,
    reviewStateMachineArn: parsed.data.REVIEW_STATE_MACHINE_ARN,
    adminEmail: parsed.data.ADMIN_EMAIL,
    attachmentBucket: parsed.data.ATTACHMENT_BUCKET,
    noticeQueueUrl: parsed.data.NOTICE_QUEUE_URL,
    senderEmail: parsed.data.SENDER_EMAIL,
    sesConfigurationSet: parsed.data.SES_CONFIGURATION_SET,
  };
})();

/** A value the function cannot run without. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`invalid function configuration: ${name} is not set`);
  return value;
}
