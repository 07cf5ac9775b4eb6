import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ExportDesk } from '#core';
import { CSV_MEDIA_TYPE, toCsv } from '#exports';
import { type AccessControl, type AppEnv, guardIfCaller } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { CycleIdParam, problemResponses } from '../schemas.ts';
import { EXPORT_TAGS, fileHeaders } from './export-files.ts';

const csvFile = (description: string) => ({
  200: { description, content: { 'text/csv': { schema: z.string() } } },
  ...problemResponses,
});

const rollupCsv = createRoute({
  method: 'get',
  path: '/{id}/rollup.csv',
  tags: EXPORT_TAGS,
  summary:
    'The rollups as CSV: a row per scope the caller may read (its kind in a column), figures per theme and element; public once the cycle is published',
  request: { params: CycleIdParam },
  responses: csvFile('The rollups, UTF-8 with a byte order mark'),
});

const submissionsCsv = createRoute({
  method: 'get',
  path: '/{id}/submissions.csv',
  tags: EXPORT_TAGS,
  summary:
    "A row per entry of each readable respondent's latest submitted version; once published, anyone reads the PUBLIC_ON_PUBLISH ones",
  request: { params: CycleIdParam },
  responses: csvFile('The submissions, UTF-8 with a byte order mark'),
});

/** `/v1/cycles/{id}/rollup.csv` and `/submissions.csv`: public routes that identify a caller with a token. */
export function csvExportRoutes(exports: ExportDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(rollupCsv, async (c) => {
    const { id } = c.req.valid('param');
    const table = await exports.rollupTable(
      id,
      guardIfCaller(access, c.get('caller'), 'rollups:read'),
    );
    return c.body(toCsv(table), 200, fileHeaders(CSV_MEDIA_TYPE, `${id}-rollup.csv`));
  });
  app.openapi(submissionsCsv, async (c) => {
    const { id } = c.req.valid('param');
    const guard = guardIfCaller(access, c.get('caller'), 'submissions:read');
    const table = await exports.submissionTable(id, guard);
    return c.body(toCsv(table), 200, fileHeaders(CSV_MEDIA_TYPE, `${id}-submissions.csv`));
  });
  return app;
}
