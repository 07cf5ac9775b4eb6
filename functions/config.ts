import { z } from 'zod';

const FunctionConfig = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).optional(),
  USER_POOL_ID: z.string().min(1).optional(),
  USER_POOL_CLIENT_ID: z.string().min(1).optional(),
  REVIEW_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  ADMIN_EMAIL: z.email().optional(),
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
  };
})();

/** A value the function cannot run without. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`invalid function configuration: ${name} is not set`);
  return value;
}
