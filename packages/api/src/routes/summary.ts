import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SUMMARY_FORMATS, SUMMARY_LANGUAGES, type SummaryDesk } from '#core';
import { type AccessControl, type AppEnv, guardIfCaller } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { CycleIdParam, problemResponses } from '../schemas.ts';

const CONTENT_TYPES = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
} as const;

const getSummary = createRoute({
  method: 'get',
  path: '/{id}/summary',
  tags: ['Rollups'],
  summary:
    "The cycle's summary report (context, each region, across regions), from the rollups: Markdown, printable HTML, or its figures as JSON; public once the cycle is published",
  request: {
    params: CycleIdParam,
    query: z.object({
      lang: z.enum(SUMMARY_LANGUAGES).default('en'),
      format: z.enum(SUMMARY_FORMATS).default('md'),
    }),
  },
  responses: {
    200: {
      description: 'The report',
      content: {
        'text/markdown': { schema: z.string() },
        'text/html': { schema: z.string() },
        'application/json': { schema: z.object({}).passthrough().openapi('CycleSummary') },
      },
    },
    ...problemResponses,
  },
});

/** `/v1/cycles/{id}/summary`: public, identifying a caller who sends a token, like the rollups. */
export function summaryRoutes(summaries: SummaryDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(getSummary, async (c) => {
    const { id } = c.req.valid('param');
    const { lang, format } = c.req.valid('query');
    const guard = guardIfCaller(access, c.get('caller'), 'rollups:read');
    const report = await summaries.report(id, lang, format, guard);
    if (typeof report !== 'string') return c.json(report, 200);
    c.header('Content-Language', lang);
    c.header('Content-Type', CONTENT_TYPES[format]);
    return c.body(report, 200);
  });
  return app;
}
