import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type SeriesDesk, SeriesInput } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
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

const tags = ['Series'];
const SeriesSchema = z.object({}).passthrough().openapi('Series');
const SeriesIdParam = z.object({
  id: SeriesInput.shape.id.meta({ param: { name: 'id', in: 'path' } }),
});
const seriesResponse = versionedResponse(SeriesSchema);

const listSeries = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Series of cycles, by id',
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'A page of series',
      content: { 'application/json': { schema: pageOf(SeriesSchema, 'SeriesPage') } },
    },
    ...problemResponses,
  },
});
const createSeries = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary:
    "Set up a series (the admin or the organiser's secretariat): a template and, for a recurring one, a rule; cycles made in it follow one another",
  request: { body: jsonBody(SeriesInput.meta({ id: 'SeriesInput' })) },
  responses: { 201: seriesResponse('Created'), ...writeProblemResponses },
});
const getSeries = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a series, with the last cycle made in it',
  request: { params: SeriesIdParam },
  responses: { 200: seriesResponse('The series'), ...problemResponses },
});
const patchSeries = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary:
    'Change the template or the rule with a JSON merge patch (If-Match); cycles made already stay as they are',
  request: {
    params: SeriesIdParam,
    headers: IfMatchHeader,
    body: jsonBody(z.record(z.string(), z.unknown()).openapi('SeriesPatch')),
  },
  responses: { 200: seriesResponse('Changed'), ...writeProblemResponses },
});

/** `/v1/series`: cycles that follow one another, made by hand or by a rule. */
export function seriesRoutes(series: SeriesDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const manage = (c: { var: AppEnv['Variables'] }) =>
    guardFor(access, c.var.caller, 'cycles:manage');

  app.openapi(listSeries, async (c) => {
    await access.authorize(c.var.caller, 'cycles:read', {});
    return c.json(await series.list(c.req.valid('query')), 200);
  });
  app.openapi(createSeries, async (c) => {
    const created = await series.create(c.req.valid('json'), manage(c));
    setVersion(c, created.version);
    c.header('Location', `/v1/series/${created.id}`);
    return c.json(created, 201);
  });
  app.openapi(getSeries, async (c) => {
    await access.authorize(c.var.caller, 'cycles:read', {});
    const found = await series.get(c.req.valid('param').id);
    setVersion(c, found.version);
    return c.json(found, 200);
  });
  app.openapi(patchSeries, async (c) => {
    const { id } = c.req.valid('param');
    const changed = await series.patch(id, c.req.valid('json'), ifMatchVersion(c), manage(c));
    setVersion(c, changed.version);
    return c.json(changed, 200);
  });
  return app;
}
