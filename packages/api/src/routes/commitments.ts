import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  Commitment,
  CommitmentInput,
  CommitmentPatch,
  type CommitmentRegister,
  commitmentIssues,
  EntityId,
  Level,
  SdgTarget,
} from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook, withRules } from '../http/validation.ts';
import { ifMatchVersion, setVersion } from '../http/versions.ts';
import {
  IfMatchHeader,
  jsonBody,
  PageQuery,
  pageOf,
  problemResponses,
  versionedResponse,
  writeProblemResponses,
} from '../schemas.ts';

const tags = ['Commitments'];
const CommitmentSchema = Commitment.meta({ id: 'Commitment' });
const CommitmentInputSchema = CommitmentInput.superRefine(withRules(commitmentIssues)).meta({
  id: 'CommitmentInput',
});
const CommitmentIdParam = z.object({ id: EntityId.meta({ param: { name: 'id', in: 'path' } }) });
const CommitmentListQuery = PageQuery.extend({
  owner: EntityId.optional(),
  level: Level.optional(),
  framework: z.string().max(40).optional(),
  tag: z.string().max(16).optional(),
  sdgTarget: SdgTarget.optional(),
}).superRefine((query, ctx) => {
  if ((query.framework === undefined) !== (query.tag === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [query.tag === undefined ? 'tag' : 'framework'],
      message: 'framework and tag go together',
    });
  }
});
const commitmentResponse = versionedResponse(CommitmentSchema);

const listCommitments = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary:
    'List commitments, filtered by owner (co-owners included), level, framework + tag, SDG target',
  request: { query: CommitmentListQuery },
  responses: {
    200: {
      description: 'A page of commitments, by id',
      content: { 'application/json': { schema: pageOf(CommitmentSchema, 'CommitmentPage') } },
    },
    ...problemResponses,
  },
});
const createCommitment = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: "Create a commitment (the admin, the owner's focal point or secretariat)",
  request: {
    body: jsonBody(CommitmentInputSchema),
  },
  responses: { 201: commitmentResponse('Created'), ...writeProblemResponses },
});
const getCommitment = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a commitment',
  request: { params: CommitmentIdParam },
  responses: { 200: commitmentResponse('The commitment'), ...problemResponses },
});
const patchCommitment = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a commitment with a JSON merge patch (If-Match required)',
  request: {
    params: CommitmentIdParam,
    headers: IfMatchHeader,
    body: jsonBody(CommitmentPatch.meta({ id: 'CommitmentPatch' })),
  },
  responses: { 200: commitmentResponse('Changed'), ...writeProblemResponses },
});
const deleteCommitment = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a commitment',
  request: { params: CommitmentIdParam, headers: IfMatchHeader },
  responses: { 204: { description: 'Deleted' }, ...writeProblemResponses },
});

/** `/v1/commitments`: what states and processes commit to, and report on. */
export function commitmentRoutes(commitments: CommitmentRegister, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listCommitments, async (c) => {
    await access.authorize(c.var.caller, 'commitments:read', {});
    const { limit, cursor, framework, tag, ...filter } = c.req.valid('query');
    return c.json(
      await commitments.list(
        { ...filter, tag: framework && tag && `${framework}:${tag}` },
        { limit, cursor },
      ),
      200,
    );
  });
  app.openapi(createCommitment, async (c) => {
    const commitment = await commitments.create(
      c.req.valid('json'),
      guardFor(access, c.var.caller, 'commitments:write'),
    );
    setVersion(c, commitment.version);
    c.header('Location', `/v1/commitments/${commitment.id}`);
    return c.json(commitment, 201);
  });
  app.openapi(getCommitment, async (c) => {
    await access.authorize(c.var.caller, 'commitments:read', {});
    const commitment = await commitments.get(c.req.valid('param').id);
    setVersion(c, commitment.version);
    return c.json(commitment, 200);
  });
  app.openapi(patchCommitment, async (c) => {
    const { id } = c.req.valid('param');
    const expectedVersion = ifMatchVersion(c);
    const commitment = await commitments.patch(
      id,
      c.req.valid('json'),
      expectedVersion,
      guardFor(access, c.var.caller, 'commitments:write'),
    );
    setVersion(c, commitment.version);
    return c.json(commitment, 200);
  });
  app.openapi(deleteCommitment, async (c) => {
    const { id } = c.req.valid('param');
    await commitments.delete(
      id,
      ifMatchVersion(c),
      guardFor(access, c.var.caller, 'commitments:write'),
    );
    return c.body(null, 204);
  });
  return app;
}
