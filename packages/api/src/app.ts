import type { Logger } from '@aws-lambda-powertools/logger';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { UseCases } from '#core';
import { type AccessControl, type AppEnv, authenticate } from './access.ts';
import { errorHandler } from './http/errors.ts';
import { idempotency } from './http/idempotency.ts';
import { problem } from './http/problem.ts';
import { renderReferencePage } from './reference-page.ts';
import {
  type AttachmentContent,
  attachmentContentRoutes,
  attachmentRoutes,
} from './routes/attachments.ts';
import { commitmentRoutes } from './routes/commitments.ts';
import { contactRoutes } from './routes/contacts.ts';
import { contributionRoutes } from './routes/contributions.ts';
import { csvExportRoutes } from './routes/csv-exports.ts';
import { cycleRoutes } from './routes/cycles.ts';
import { type DevIdentity, devIdentityRoutes } from './routes/dev-identity.ts';
import { entityRoutes } from './routes/entities.ts';
import { frameworkRoutes } from './routes/frameworks.ts';
import { importRoutes } from './routes/imports.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { regionRoutes } from './routes/regions.ts';
import { rollupRoutes } from './routes/rollups.ts';
import { seriesRoutes } from './routes/series.ts';
import { publishedRoutes, submissionRoutes } from './routes/submissions.ts';
import { summaryRoutes } from './routes/summary.ts';
import { userRoutes } from './routes/users.ts';
import {
  documentXlsxExportRoutes,
  type WorkbookWriter,
  XLSX_EXPORTS_BASE,
  xlsxExportRoutes,
} from './routes/xlsx-exports.ts';

/** Everything the HTTP API needs, created once per process and passed in. */
export interface ApiDependencies extends UseCases {
  access: AccessControl;
  logger: Logger;
  /** The development identity provider: given by the local runtime only, never in AWS. */
  devIdentity?: DevIdentity | undefined;
  /** Where local uploads go and downloads come from: given by the local runtime only (S3 in AWS). */
  attachmentContent?: AttachmentContent | undefined;
  /**
   * Writes the .xlsx exports where this app serves them itself (the local runtime). In AWS the
   * export function serves them and this app only lists them in its OpenAPI document.
   */
  writeWorkbook?: WorkbookWriter | undefined;
}

/** Largest request body accepted; larger ones get 413 (bulk data goes through imports). */
export const MAX_BODY_BYTES = 256 * 1024;

const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Global Compact for Migration follow-up and review API',
    version: '1',
    description:
      'States, ISCMs and partners, the reporting frameworks, users and their grants, commitments and contacts; review cycles, submissions, notices and rollups.',
  },
};

/** The HTTP API, the same app served by node-server locally and by the Lambda adapter in AWS. */
export function createApp(deps: ApiDependencies) {
  const app = new OpenAPIHono<AppEnv>();

  app.onError(errorHandler(deps.logger));
  app.notFound((c) => problem(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  app.use(authenticate(deps.access));
  // Before the body limit: a local upload is as large as an attachment, and capped at that.
  if (deps.attachmentContent)
    app.route('/v1/attachments', attachmentContentRoutes(deps.attachmentContent));
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problem(c, 413, `the body must be at most ${MAX_BODY_BYTES} bytes`),
    }),
  );

  app.use(idempotency(deps.idempotency));

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/v1/frameworks', frameworkRoutes(deps.frameworks, deps.access));
  app.route('/v1/entities', entityRoutes(deps.entities, deps.access));
  app.route('/v1/regions', regionRoutes(deps.access));
  app.route('/v1/entities', contactRoutes(deps.contacts, deps.access));
  app.route('/v1', userRoutes(deps.users, deps.access));
  app.route('/v1/commitments', commitmentRoutes(deps.commitments, deps.access));
  app.route('/v1/cycles', cycleRoutes(deps.cycles, deps.access));
  app.route('/v1/series', seriesRoutes(deps.series, deps.access));
  app.route('/v1/cycles', submissionRoutes(deps.submissions, deps.access));
  app.route('/v1/cycles', contributionRoutes(deps.contributions, deps.access));
  app.route('/v1/cycles', rollupRoutes(deps.rollups, deps.access));
  app.route('/v1/cycles', summaryRoutes(deps.summaries, deps.access));
  app.route('/v1/cycles', csvExportRoutes(deps.exports, deps.access));
  if (deps.writeWorkbook)
    app.route(XLSX_EXPORTS_BASE, xlsxExportRoutes(deps.exports, deps.access, deps.writeWorkbook));
  else documentXlsxExportRoutes(app);
  app.route('/v1/outbox', outboxRoutes(deps.notices, deps.access));
  app.route('/v1/import', importRoutes(deps.imports, deps.access));
  app.route('/v1/attachments', attachmentRoutes(deps.attachments, deps.access));
  app.route('/v1', publishedRoutes(deps.submissions));
  if (deps.devIdentity) app.route('/', devIdentityRoutes(deps.devIdentity));

  app.doc31('/openapi.json', OPENAPI_INFO);
  // The routes are fixed once the app is built: render the reference page once, on first request.
  let referencePage: string | undefined;
  app.get('/reference', (c) => {
    referencePage ??= renderReferencePage(app.getOpenAPI31Document(OPENAPI_INFO));
    return c.html(referencePage);
  });

  return app;
}
