import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CYCLE_ACTIONS,
  Cycle,
  type CycleAction,
  CycleInput,
  type CycleRegister,
  cycleIssues,
  EntityId,
} from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook, withRules } from '../http/validation.ts';
import { ifMatchVersion, setVersion } from '../http/versions.ts';
import {
  CycleIdParam,
  IfMatchHeader,
  jsonBody,
  PageQuery,
  pageOf,
  problemResponses,
  RespondentParams,
  versionedResponse,
  writeProblemResponses,
} from '../schemas.ts';

const tags = ['Cycles'];
const CycleSchema = Cycle.meta({ id: 'Cycle' });
const CycleInputSchema = CycleInput.superRefine(
  withRules((cycle: CycleInput) => cycleIssues(cycle)),
).meta({
  id: 'CycleInput',
});
const Instant = z.iso.datetime({ offset: true });
const RespondentSchema = z
  .object({
    entityId: z.string(),
    status: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    late: z.boolean(),
    missing: z.boolean(),
    submittedAt: z.string().nullable(),
    remindersSent: z.number().int(),
  })
  .passthrough()
  .openapi('Respondent');
const cycleResponse = versionedResponse(CycleSchema);

const listCycles = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary:
    'Cycles by id; `respondent` lists what an entity owes or owed (with its status), `organiser` what a body runs',
  request: {
    query: PageQuery.extend({ respondent: EntityId.optional(), organiser: EntityId.optional() }),
  },
  responses: {
    200: {
      description: 'A page of cycles',
      content: { 'application/json': { schema: pageOf(CycleSchema, 'CyclePage') } },
    },
    ...problemResponses,
  },
});
const createCycle = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: "Set up a DRAFT cycle (the admin or the organiser's secretariat)",
  request: { body: jsonBody(CycleInputSchema) },
  responses: { 201: cycleResponse('Created'), ...writeProblemResponses },
});
const getCycle = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a cycle',
  request: { params: CycleIdParam },
  responses: { 200: cycleResponse('The cycle'), ...problemResponses },
});
const patchCycle = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary:
    'Change a cycle with a JSON merge patch (If-Match); an open one only its titles and, later, its dates',
  request: {
    params: CycleIdParam,
    headers: IfMatchHeader,
    body: jsonBody(z.record(z.string(), z.unknown()).openapi('CyclePatch')),
  },
  responses: { 200: cycleResponse('Changed'), ...writeProblemResponses },
});
const ACTION_SUMMARIES: Record<CycleAction, string> = {
  open: 'Open at once: resolve the scope into a frozen list of respondents, with their memberships',
  close: 'Close at once',
  publish: 'Make the results public',
  cancel: 'Cancel a draft or open cycle',
};
const actionRoutes = CYCLE_ACTIONS.map((action) => ({
  action,
  route: createRoute({
    method: 'post',
    path: `/{id}/${action}`,
    tags,
    summary: ACTION_SUMMARIES[action],
    request: { params: CycleIdParam, headers: IfMatchHeader },
    responses: { 200: cycleResponse('The cycle in its new status'), ...writeProblemResponses },
  }),
}));
const listRespondents = createRoute({
  method: 'get',
  path: '/{id}/respondents',
  tags,
  summary: "The cycle's respondents, with status, due date and timing flags",
  request: { params: CycleIdParam, query: PageQuery },
  responses: {
    200: {
      description: 'Respondents',
      content: { 'application/json': { schema: pageOf(RespondentSchema, 'RespondentPage') } },
    },
    ...problemResponses,
  },
});
const addRespondent = createRoute({
  method: 'post',
  path: '/{id}/respondents',
  tags,
  summary: 'Add a late joiner to an open cycle',
  request: {
    params: CycleIdParam,
    body: jsonBody(
      z.object({ entityId: EntityId, dueAt: Instant.optional() }).openapi('NewRespondent'),
    ),
  },
  responses: {
    201: { description: 'Added', content: { 'application/json': { schema: RespondentSchema } } },
    ...writeProblemResponses,
  },
});
const extendRespondent = createRoute({
  method: 'patch',
  path: '/{id}/respondents/{entityId}',
  tags,
  summary: 'Grant a respondent an extension',
  request: {
    params: RespondentParams,
    body: jsonBody(z.object({ dueAt: Instant }).openapi('Extension')),
  },
  responses: {
    200: { description: 'Extended', content: { 'application/json': { schema: RespondentSchema } } },
    ...writeProblemResponses,
  },
});

/** `/v1/cycles`: reporting rounds, from set-up to publication. */
export function cycleRoutes(cycles: CycleRegister, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const manage = (c: { var: AppEnv['Variables'] }) =>
    guardFor(access, c.var.caller, 'cycles:manage');

  app.openapi(listCycles, async (c) => {
    await access.authorize(c.var.caller, 'cycles:read', {});
    const { limit, cursor, ...filter } = c.req.valid('query');
    return c.json(await cycles.list(filter, { limit, cursor }), 200);
  });
  app.openapi(createCycle, async (c) => {
    const cycle = await cycles.create(c.req.valid('json'), manage(c));
    setVersion(c, cycle.version);
    c.header('Location', `/v1/cycles/${cycle.id}`);
    return c.json(cycle, 201);
  });
  app.openapi(getCycle, async (c) => {
    await access.authorize(c.var.caller, 'cycles:read', {});
    const cycle = await cycles.get(c.req.valid('param').id);
    setVersion(c, cycle.version);
    return c.json(cycle, 200);
  });
  app.openapi(patchCycle, async (c) => {
    const { id } = c.req.valid('param');
    const cycle = await cycles.patch(id, c.req.valid('json'), ifMatchVersion(c), manage(c));
    setVersion(c, cycle.version);
    return c.json(cycle, 200);
  });
  for (const { action, route } of actionRoutes) {
    app.openapi(route, async (c) => {
      const cycle = await cycles.act(c.req.valid('param').id, action, ifMatchVersion(c), manage(c));
      setVersion(c, cycle.version);
      return c.json(cycle, 200);
    });
  }
  app.openapi(listRespondents, async (c) => {
    await access.authorize(c.var.caller, 'cycles:read', {});
    return c.json(await cycles.respondents(c.req.valid('param').id, c.req.valid('query')), 200);
  });
  app.openapi(addRespondent, async (c) => {
    const { entityId, dueAt } = c.req.valid('json');
    return c.json(
      await cycles.addRespondent(c.req.valid('param').id, entityId, dueAt, manage(c)),
      201,
    );
  });
  app.openapi(extendRespondent, async (c) => {
    const { id, entityId } = c.req.valid('param');
    return c.json(await cycles.extend(id, entityId, c.req.valid('json').dueAt, manage(c)), 200);
  });
  return app;
}
