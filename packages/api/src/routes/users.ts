import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ContributorId, ENTITY_ROLES, Grant, type UserAdministration } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { IdParam, jsonBody, pageOf, problemResponses } from '../schemas.ts';

const tags = ['Users'];

const InvitedUserSchema = z
  .object({ sub: z.string(), email: z.email(), grants: z.array(Grant) })
  .openapi('InvitedUser');
const EntityUserSchema = z
  .object({
    sub: z.string(),
    email: z.email(),
    role: z.enum(ENTITY_ROLES),
    contributorId: ContributorId.optional(),
  })
  .openapi('EntityUser');
const EntityInvitation = z
  .object({ email: z.email(), role: z.enum(ENTITY_ROLES), contributorId: ContributorId.optional() })
  .superRefine((invitation, ctx) => {
    if ((invitation.role === 'CONTRIBUTOR') !== (invitation.contributorId !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['contributorId'],
        message: 'a contributorId goes with the CONTRIBUTOR role, and only with it',
      });
    }
  })
  .openapi('EntityInvitation');
const GlobalInvitation = z
  .object({ email: z.email(), role: z.enum(['ADMIN', 'READER']) })
  .openapi('GlobalInvitation');
const SubParam = IdParam.extend({
  sub: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: 'sub', in: 'path' } }),
});

const inviteToEntity = createRoute({
  method: 'post',
  path: '/entities/{id}/users',
  tags,
  summary:
    'Invite a user to act for the entity (the admin; a secretariat for its own; a focal point for its state)',
  request: { params: IdParam, body: jsonBody(EntityInvitation) },
  responses: {
    201: { description: 'Invited', content: { 'application/json': { schema: InvitedUserSchema } } },
    ...problemResponses,
  },
});
const listUsers = createRoute({
  method: 'get',
  path: '/entities/{id}/users',
  tags,
  summary: "The entity's users and their roles",
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Users',
      content: { 'application/json': { schema: pageOf(EntityUserSchema, 'EntityUserPage') } },
    },
    ...problemResponses,
  },
});
const removeUser = createRoute({
  method: 'delete',
  path: '/entities/{id}/users/{sub}',
  tags,
  summary: 'Remove every grant the user holds on the entity',
  request: { params: SubParam },
  responses: { 204: { description: 'Removed' }, ...problemResponses },
});
const inviteGlobal = createRoute({
  method: 'post',
  path: '/users',
  tags,
  summary: 'Invite an administrator or a reader (the admin only)',
  request: { body: jsonBody(GlobalInvitation) },
  responses: {
    201: { description: 'Invited', content: { 'application/json': { schema: InvitedUserSchema } } },
    ...problemResponses,
  },
});
const me = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The caller and their grants',
  responses: {
    200: {
      description: 'The caller',
      content: {
        'application/json': {
          schema: z.object({ sub: z.string(), grants: z.array(Grant) }).openapi('Me'),
        },
      },
    },
    ...problemResponses,
  },
});

/** Under `/v1`: users, their grants and invitations. */
export function userRoutes(users: UserAdministration, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(inviteToEntity, async (c) => {
    const { id } = c.req.valid('param');
    const invited = await users.inviteToEntity(
      id,
      c.req.valid('json'),
      guardFor(access, c.var.caller, 'users:invite'),
    );
    return c.json(invited, 201);
  });
  app.openapi(listUsers, async (c) => {
    const { id } = c.req.valid('param');
    const items = await users.usersOf(id, guardFor(access, c.var.caller, 'users:read'));
    return c.json({ items, nextCursor: null }, 200);
  });
  app.openapi(removeUser, async (c) => {
    const { id, sub } = c.req.valid('param');
    await users.removeFromEntity(id, sub, guardFor(access, c.var.caller, 'users:remove'));
    return c.body(null, 204);
  });
  app.openapi(inviteGlobal, async (c) => {
    const invited = await users.inviteGlobal(
      c.req.valid('json'),
      guardFor(access, c.var.caller, 'users:invite'),
    );
    return c.json(invited, 201);
  });
  app.openapi(me, async (c) => {
    await access.authorize(c.var.caller, 'me:read', {});
    return c.json(users.me(c.var.caller), 200);
  });
  return app;
}
