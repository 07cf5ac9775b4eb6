import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { REGION_LABELS, REGIONS } from '#core';
import type { AccessControl, AppEnv } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { pageOf, problemResponses, RegionSchema } from '../schemas.ts';

const listRegions = createRoute({
  method: 'get',
  path: '/',
  tags: ['Regions'],
  summary: 'The four regions of the seed, with their labels',
  responses: {
    200: {
      description: 'Every region',
      content: { 'application/json': { schema: pageOf(RegionSchema, 'RegionPage') } },
    },
    ...problemResponses,
  },
});

/** `/v1/regions`: the regions entities are placed in and rollups are cut by. */
export function regionRoutes(access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listRegions, async (c) => {
    await access.authorize(c.var.caller, 'regions:read', {});
    return c.json(
      { items: REGIONS.map((id) => ({ id, labels: REGION_LABELS[id] })), nextCursor: null },
      200,
    );
  });
  return app;
}
