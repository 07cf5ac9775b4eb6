import { z } from 'zod';

const FunctionConfig = z.object({
  TABLE_NAME: z.string().min(3),
});

/** The functions' configuration, read once at cold start; a missing value fails the start, loudly. */
export const config = (() => {
  const parsed = FunctionConfig.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `invalid function configuration: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  return { tableName: parsed.data.TABLE_NAME };
})();
