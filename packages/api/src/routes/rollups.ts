import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ENTRY_TYPES, parseScope, type RollupDesk } from '#core';
import { type AccessControl, type AppEnv, guardIfCaller } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { CycleIdParam, problemResponses } from '../schemas.ts';

const Scope = z
  .string()
  .refine((scope) => parseScope(scope) !== undefined, {
    message: 'must be global, region:{REGION}, members:{ID} or entity:{ID}',
  })
  .default('global');

const Counts = z.object({ count: z.number().int(), entities: z.array(z.string()) });
const TypeCounts = z.object(Object.fromEntries(ENTRY_TYPES.map((t) => [t, Counts])));
const Statuses = z.record(z.string(), z.record(z.string(), z.number().int()));

const Headline = z.object({
  scope: z.string(),
  asked: z.number().int(),
  responded: z.number().int(),
  responseRate: z.number().nullable(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdue: z.number().int(),
  missing: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
});

const RollupSchema = Headline.extend({
  cycleId: z.string(),
  groups: z.record(z.string(), TypeCounts),
  items: z.record(z.string(), TypeCounts),
  allGroupsCovered: z.array(z.string()),
  gaps: z.object({ groups: z.array(z.string()), items: z.array(z.string()) }),
  recurring: z.array(
    z.object({
      level: z.enum(['GROUP', 'ITEM']),
      id: z.string(),
      type: z.enum(ENTRY_TYPES),
      count: z.number().int(),
      denominator: z.number().int(),
      share: z.number(),
    }),
  ),
  goodPractices: z.record(
    z.string(),
    z.object({ count: z.number().int(), entities: z.number().int(), titles: z.array(z.string()) }),
  ),
  innovative: z.array(z.object({ entityId: z.string(), title: z.string() })),
  implementation: z.object({ byGroup: Statuses, byItem: Statuses, byLevel: Statuses }).optional(),
  lights: z.record(
    z.string(),
    z.object({
      reporting: z.enum(['REPORTED', 'DUE', 'OVERDUE', 'SILENT']),
      implementation: z.enum(['NONE', 'ON_TRACK', 'AT_RISK', 'STALLED']),
    }),
  ),
  computedAt: z.string(),
}).openapi('Rollup');

const tags = ['Rollups'];

const getRollup = createRoute({
  method: 'get',
  path: '/{id}/rollup',
  tags,
  summary:
    "A scope's figures: public once the cycle is published; before, for the organiser, a body's secretariat (members:), a respondent (entity:)",
  request: { params: CycleIdParam, query: z.object({ scope: Scope }) },
  responses: {
    200: { description: 'The rollup', content: { 'application/json': { schema: RollupSchema } } },
    ...problemResponses,
  },
});

const listScopes = createRoute({
  method: 'get',
  path: '/{id}/rollup/scopes',
  tags,
  summary: 'The scopes of a cycle with their headline figures, as far as the caller may read them',
  request: { params: CycleIdParam },
  responses: {
    200: {
      description: 'The scopes',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(Headline) }).openapi('RollupScopes'),
        },
      },
    },
    ...problemResponses,
  },
});

/**
 * `/v1/cycles/{id}/rollup`: public routes that identify a caller who sends a token; the desk
 * decides, from the cycle's rollup head, whether one is needed.
 */
export function rollupRoutes(rollups: RollupDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const guardOf = (caller: AppEnv['Variables']['caller'] | undefined) =>
    guardIfCaller(access, caller, 'rollups:read');
  app.openapi(getRollup, async (c) => {
    const { id } = c.req.valid('param');
    const { scope } = c.req.valid('query');
    return c.json(await rollups.get(id, scope, guardOf(c.get('caller'))), 200);
  });
  app.openapi(listScopes, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ items: await rollups.scopes(id, guardOf(c.get('caller'))) }, 200);
  });
  return app;
}
