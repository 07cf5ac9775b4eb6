import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ContributionDesk, ContributionInput, ContributorId } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { ifMatchVersion, setVersion } from '../http/versions.ts';
import {
  IfMatchHeader,
  jsonBody,
  problemResponses,
  RespondentParams,
  versionedResponse,
  writeProblemResponses,
} from '../schemas.ts';

const tags = ['Contributions'];
const OneParams = RespondentParams.extend({
  contributorId: ContributorId.meta({ param: { name: 'contributorId', in: 'path' } }),
});
const ContributionSchema = z.object({}).passthrough().openapi('Contribution');
const contributionResponse = versionedResponse(ContributionSchema);
const path = '/{id}/submissions/{entityId}/contributions';

const listContributions = createRoute({
  method: 'get',
  path,
  tags,
  summary:
    "Contributions to a state's report: every one to its focal points, its own to a contributor",
  request: { params: RespondentParams },
  responses: {
    200: {
      description: 'The contributions, by contributor id',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(ContributionSchema) }).openapi('ContributionList'),
        },
      },
    },
    ...problemResponses,
  },
});
const getContribution = createRoute({
  method: 'get',
  path: `${path}/{contributorId}`,
  tags,
  summary: 'One contribution (its contributor, the focal points, the admin)',
  request: { params: OneParams },
  responses: { 200: contributionResponse('The contribution'), ...problemResponses },
});
const putContribution = createRoute({
  method: 'put',
  path: `${path}/{contributorId}`,
  tags,
  summary:
    "Write a contribution: a focal point's first PUT (empty entries) invites the contributor; later writes need If-Match",
  request: {
    params: OneParams,
    headers: IfMatchHeader,
    body: jsonBody(ContributionInput.meta({ id: 'ContributionInput' })),
  },
  responses: {
    200: contributionResponse('The contribution, with entry ids'),
    201: contributionResponse('The invitation: the contribution, created'),
    ...writeProblemResponses,
  },
});

/** `/v1/cycles/{id}/submissions/{entityId}/contributions`: ministries' and agencies' contributions. */
export function contributionRoutes(contributions: ContributionDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(listContributions, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const items = await contributions.list(
      id,
      entityId,
      guardFor(access, c.var.caller, 'contributions:read'),
    );
    return c.json({ items }, 200);
  });
  app.openapi(getContribution, async (c) => {
    const { id, entityId, contributorId } = c.req.valid('param');
    const contribution = await contributions.get(
      id,
      entityId,
      contributorId,
      guardFor(access, c.var.caller, 'contributions:read'),
    );
    setVersion(c, contribution.version);
    return c.json(contribution, 200);
  });
  app.openapi(putContribution, async (c) => {
    const { id, entityId, contributorId } = c.req.valid('param');
    const contribution = await contributions.put(
      id,
      entityId,
      contributorId,
      c.req.valid('json'),
      ifMatchVersion(c),
      c.var.caller.sub,
      guardFor(access, c.var.caller, 'contributions:write'),
    );
    setVersion(c, contribution.version);
    return c.json(contribution, contribution.version === 1 ? 201 : 200);
  });
  return app;
}
