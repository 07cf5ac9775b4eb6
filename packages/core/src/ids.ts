import { z } from 'zod';

/** Id of an entity (a state, an ISCM, a partner) and of most resources: upper-case words joined by hyphens. */
export const EntityId = z
  .string()
  .max(40, 'must be at most 40 characters')
  .regex(
    /^[A-Z0-9]+(-[A-Z0-9]+)*$/,
    'must be upper-case letters and digits, words joined by single hyphens',
  );
export type EntityId = z.infer<typeof EntityId>;

/** Id of a framework: lower-case words joined by hyphens (`nyd-2016`). */
export const FrameworkId = z
  .string()
  .max(40)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by hyphens');
