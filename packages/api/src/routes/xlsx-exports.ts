import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ExportDesk, Sheet } from '#core';
import { type AccessControl, type AppEnv, guardIfCaller } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { CycleIdParam, problemResponses } from '../schemas.ts';
import { EXPORT_TAGS, fileHeaders } from './export-files.ts';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Writes sheets as an XLSX workbook. Passed in rather than imported, so that the API's bundle
 * never holds the spreadsheet library: only the export function and the local runtime load it.
 */
export type WorkbookWriter = (sheets: readonly Sheet[]) => Promise<Uint8Array<ArrayBuffer>>;

const workbook = (description: string) => ({
  200: {
    description,
    content: { [XLSX_MEDIA_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
  },
  ...problemResponses,
});

const rollupXlsx = createRoute({
  method: 'get',
  path: '/{id}/rollup.xlsx',
  tags: EXPORT_TAGS,
  summary:
    'The rollups as a workbook: a sheet per kind of scope (Global, Regions, Bodies, Respondents) with the CSV’s columns; public once the cycle is published',
  request: { params: CycleIdParam },
  responses: workbook('The rollups'),
});

const submissionsXlsx = createRoute({
  method: 'get',
  path: '/{id}/submissions.xlsx',
  tags: EXPORT_TAGS,
  summary: 'The submissions as a workbook: one sheet with the CSV’s rows',
  request: { params: CycleIdParam },
  responses: workbook('The submissions'),
});

/** Where the workbook routes are mounted, and the routes themselves (for the HTTP API's routing). */
export const XLSX_EXPORTS_BASE = '/v1/cycles';
export const XLSX_EXPORT_ROUTES = [rollupXlsx, submissionsXlsx].map((route) => ({
  method: route.method.toUpperCase(),
  path: `${XLSX_EXPORTS_BASE}${route.path}`,
}));

/** `/v1/cycles/{id}/rollup.xlsx` and `/submissions.xlsx`, served by whoever holds a workbook writer. */
export function xlsxExportRoutes(
  exports: ExportDesk,
  access: AccessControl,
  writeWorkbook: WorkbookWriter,
) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(rollupXlsx, async (c) => {
    const { id } = c.req.valid('param');
    const guard = guardIfCaller(access, c.get('caller'), 'rollups:read');
    const file = await writeWorkbook(await exports.rollupSheets(id, guard));
    return c.body(file, 200, fileHeaders(XLSX_MEDIA_TYPE, `${id}-rollup.xlsx`));
  });
  app.openapi(submissionsXlsx, async (c) => {
    const { id } = c.req.valid('param');
    const guard = guardIfCaller(access, c.get('caller'), 'submissions:read');
    const table = await exports.submissionTable(id, guard);
    const file = await writeWorkbook([{ name: 'Submissions', ...table }]);
    return c.body(file, 200, fileHeaders(XLSX_MEDIA_TYPE, `${id}-submissions.xlsx`));
  });
  return app;
}

/**
 * Lists the workbook routes in an app's OpenAPI document without serving them: in AWS the
 * HTTP API sends them to the export function, so the API function's document still shows the
 * whole API.
 */
export function documentXlsxExportRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const route of [rollupXlsx, submissionsXlsx])
    app.openAPIRegistry.registerPath({ ...route, path: `${XLSX_EXPORTS_BASE}${route.path}` });
}
