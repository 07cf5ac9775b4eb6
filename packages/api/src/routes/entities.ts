import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { type EntityRegistry, InvalidInputError } from '#core';
import type { AccessControl, AppEnv } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { ifMatchVersion, setVersion } from '../http/versions.ts';
import {
  EntityInputSchema,
  EntityListQuery,
  EntityReplacementSchema,
  EntitySchema,
  IdParam,
  IfMatchHeader,
  jsonBody,
  MembersSchema,
  PageQuery,
  pageOf,
  problemResponses,
  versionedResponse,
  writeProblemResponses,
} from '../schemas.ts';

const tags = ['Entities'];
const entityResponse = versionedResponse(EntitySchema);

const listEntities = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List entities, filtered by kind, region and membership',
  request: { query: EntityListQuery },
  responses: {
    200: {
      description: 'A page of entities, by id',
      content: { 'application/json': { schema: pageOf(EntitySchema, 'EntityPage') } },
    },
    ...problemResponses,
  },
});

const createEntity = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create an entity',
  request: { body: jsonBody(EntityInputSchema) },
  responses: { 201: entityResponse('Created'), ...writeProblemResponses },
});

const getEntity = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get an entity',
  request: { params: IdParam },
  responses: { 200: entityResponse('The entity'), ...problemResponses },
});

const replaceEntity = createRoute({
  method: 'put',
  path: '/{id}',
  tags,
  summary: 'Replace an entity (If-Match required)',
  request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(EntityReplacementSchema) },
  responses: { 200: entityResponse('Replaced'), ...writeProblemResponses },
});

const deleteEntity = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete an entity that is neither shipped nor referenced',
  request: { params: IdParam, headers: IfMatchHeader },
  responses: { 204: { description: 'Deleted' }, ...writeProblemResponses },
});

const replaceMembers = createRoute({
  method: 'put',
  path: '/{id}/members',
  tags,
  summary: 'Replace the member states of an ISCM or partner (If-Match required)',
  request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(MembersSchema) },
  responses: {
    200: entityResponse('The entity with its new member list'),
    ...writeProblemResponses,
  },
});

const listMemberships = createRoute({
  method: 'get',
  path: '/{id}/memberships',
  tags,
  summary:
    'The ISCMs and partners a state belongs to (kept from the table stream: eventually consistent)',
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: {
      description: 'The ISCMs and partners',
      content: { 'application/json': { schema: pageOf(EntitySchema, 'MembershipPage') } },
    },
    ...problemResponses,
  },
});

/** `/v1/entities`: states, ISCMs and partners. */
export function entityRoutes(entities: EntityRegistry, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(listEntities, async (c) => {
    await access.authorize(c.var.caller, 'entities:read', {});
    const { limit, cursor, ...filter } = c.req.valid('query');
    return c.json(await entities.list(filter, { limit, cursor }), 200);
  });

  app.openapi(createEntity, async (c) => {
    const input = c.req.valid('json');
    await access.authorize(c.var.caller, 'entities:create', { entityId: input.id });
    const entity = await entities.create(input);
    setVersion(c, entity.version);
    c.header('Location', `/v1/entities/${entity.id}`);
    return c.json(entity, 201);
  });

  app.openapi(getEntity, async (c) => {
    const { id } = c.req.valid('param');
    await access.authorize(c.var.caller, 'entities:read', { entityId: id });
    const entity = await entities.get(id);
    setVersion(c, entity.version);
    return c.json(entity, 200);
  });

  app.openapi(replaceEntity, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.id !== undefined && body.id !== id) {
      throw new InvalidInputError([
        { pointer: '/id', message: `must equal the id in the path (${id})` },
      ]);
    }
    const expectedVersion = ifMatchVersion(c);
    await access.authorize(c.var.caller, 'entities:update', { entityId: id });
    const entity = await entities.replace({ ...body, id }, expectedVersion);
    setVersion(c, entity.version);
    return c.json(entity, 200);
  });

  app.openapi(deleteEntity, async (c) => {
    const { id } = c.req.valid('param');
    const expectedVersion = ifMatchVersion(c);
    await access.authorize(c.var.caller, 'entities:delete', { entityId: id });
    await entities.delete(id, expectedVersion);
    return c.body(null, 204);
  });

  app.openapi(replaceMembers, async (c) => {
    const { id } = c.req.valid('param');
    const { members } = c.req.valid('json');
    const expectedVersion = ifMatchVersion(c);
    await access.authorize(c.var.caller, 'entities:update', { entityId: id });
    const entity = await entities.replaceMembers(id, members, expectedVersion);
    setVersion(c, entity.version);
    return c.json(entity, 200);
  });

  app.openapi(listMemberships, async (c) => {
    const { id } = c.req.valid('param');
    await access.authorize(c.var.caller, 'entities:read', { entityId: id });
    return c.json(await entities.memberships(id, c.req.valid('query')), 200);
  });

  return app;
}
