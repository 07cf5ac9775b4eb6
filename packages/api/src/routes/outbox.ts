import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { EntityId, NOTICE_KINDS, NOTICE_STATUSES, type NoticeDesk } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { PageQuery, pageOf, problemResponses } from '../schemas.ts';

const NoticeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTICE_KINDS),
    cycleId: z.string(),
    entityIds: z.array(z.string()),
    to: z.string().nullable(),
    language: z.string(),
    subject: z.string(),
    body: z.string(),
    status: z.enum(NOTICE_STATUSES),
    createdAt: z.string(),
  })
  .openapi('Notice');

const listOutbox = createRoute({
  method: 'get',
  path: '/',
  tags: ['Notices'],
  summary:
    "Every notice and what became of it: the admin's all, an organiser's for its cycles (cycleId)",
  request: {
    query: PageQuery.extend({ cycleId: EntityId.optional(), entityId: EntityId.optional() }),
  },
  responses: {
    200: {
      description: 'Notices, oldest first',
      content: { 'application/json': { schema: pageOf(NoticeSchema, 'NoticePage') } },
    },
    ...problemResponses,
  },
});

/** `/v1/outbox`: the notices recorded, delivered or not. */
export function outboxRoutes(notices: NoticeDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listOutbox, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    return c.json(
      await notices.list(filter, { limit, cursor }, guardFor(access, c.var.caller, 'outbox:read')),
      200,
    );
  });
  return app;
}
