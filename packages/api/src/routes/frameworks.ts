import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { FrameworkCatalogue } from '#core';
import type { AccessControl, AppEnv } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import {
  FrameworkIdParam,
  FrameworkSchema,
  PageQuery,
  pageOf,
  problemResponses,
} from '../schemas.ts';

const tags = ['Frameworks'];

const listFrameworks = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List the reporting frameworks, the default first',
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'A page of frameworks',
      content: { 'application/json': { schema: pageOf(FrameworkSchema, 'FrameworkPage') } },
    },
    ...problemResponses,
  },
});

const getFramework = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a framework with its groups and items',
  request: { params: FrameworkIdParam },
  responses: {
    200: {
      description: 'The framework',
      content: { 'application/json': { schema: FrameworkSchema } },
    },
    ...problemResponses,
  },
});

/** `/v1/frameworks`: the themes-and-elements and objectives frameworks commitments are tagged with. */
export function frameworkRoutes(frameworks: FrameworkCatalogue, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(listFrameworks, async (c) => {
    await access.authorize(c.var.caller, 'frameworks:read', {});
    return c.json(await frameworks.list(c.req.valid('query')), 200);
  });

  app.openapi(getFramework, async (c) => {
    const { id } = c.req.valid('param');
    await access.authorize(c.var.caller, 'frameworks:read', {});
    return c.json(await frameworks.get(id), 200);
  });

  return app;
}
