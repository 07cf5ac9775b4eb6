import type { Logger } from '@aws-lambda-powertools/logger';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ExportDesk } from '#core';
import { type AccessControl, type AppEnv, authenticate } from './access.ts';
import { errorHandler } from './http/errors.ts';
import { problem } from './http/problem.ts';
import { type WorkbookWriter, XLSX_EXPORTS_BASE, xlsxExportRoutes } from './routes/xlsx-exports.ts';

export interface ExportAppDependencies {
  exports: ExportDesk;
  access: AccessControl;
  logger: Logger;
  writeWorkbook: WorkbookWriter;
}

/**
 * The workbook exports alone, for the function that serves them in AWS: the same routes, the
 * same authentication and errors as the API, and nothing else, so that neither bundle carries
 * what the other needs.
 */
export function createExportApp(deps: ExportAppDependencies) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => problem(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  app.use(authenticate(deps.access));
  app.route(XLSX_EXPORTS_BASE, xlsxExportRoutes(deps.exports, deps.access, deps.writeWorkbook));
  return app;
}
