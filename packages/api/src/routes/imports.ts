import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { IMPORT_KINDS, type ImportDesk, type ImportFile } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { ProblemSchema } from '../schemas.ts';

const Counts = z.object({ written: z.number().int(), unchanged: z.number().int() });

const ImportReportSchema = z
  .object({
    importId: z.string(),
    status: z.enum(['IMPORTED', 'ALREADY_IMPORTED']),
    resumed: z.boolean(),
    counts: z.object(Object.fromEntries(IMPORT_KINDS.map((kind) => [kind, Counts]))),
    rollups: z.array(z.string()),
  })
  .openapi('ImportReport');

const ImportProblemSchema = ProblemSchema.extend({
  errors: z
    .array(
      z.object({
        in: z.literal('body'),
        file: z.string(),
        line: z.number().int().optional(),
        pointer: z.string().meta({ description: 'JSON bundles: where in the file; "" for CSV' }),
        column: z.string().optional().meta({ description: 'CSV files: the column' }),
        message: z.string(),
      }),
    )
    .optional(),
}).openapi('ImportProblem');

const problemOf = (description: string, schema: z.ZodType = ProblemSchema) => ({
  description,
  content: { 'application/problem+json': { schema } },
});

const postImport = createRoute({
  method: 'post',
  path: '/',
  tags: ['Import'],
  summary:
    'Bulk import (the admin): a JSON bundle, or CSV files named for their kinds as multipart/form-data; checked whole, written only if every row is valid, at most 256 KiB (larger files: npm run import)',
  request: {
    body: {
      // Read as text by the handler, so that issues name the line they are on.
      content: {
        'application/json': {
          schema: {
            type: 'object',
            description:
              'The bundle: { entities, memberships, contacts, commitments, cycles, submissions } (see examples/README.md)',
          },
        },
        'multipart/form-data': {
          schema: {
            type: 'object',
            description:
              'CSV files, each part named for its kind: entities.csv, memberships.csv, contacts.csv, commitments.csv, cycles.csv, respondents.csv, submissions.csv',
            additionalProperties: { type: 'string', format: 'binary' },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Imported (or imported before: nothing written), with what was written and what was there already, per kind',
      content: { 'application/json': { schema: ImportReportSchema } },
    },
    400: problemOf(
      'Every issue of the import, by file, line and field; nothing was written',
      ImportProblemSchema,
    ),
    401: problemOf('No valid credentials'),
    403: problemOf('Not the admin'),
    409: problemOf('Another writer changed what the import writes, meanwhile'),
    413: problemOf('Body too large: import it with npm run import'),
    415: problemOf('Neither JSON nor multipart/form-data'),
  },
});

/** `POST /v1/import`: one request, one import; larger ones go through the command line. */
export function importRoutes(imports: ImportDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(postImport, async (c) => {
    const files = await filesOf(c.req.raw.headers.get('content-type') ?? '', c.req);
    if (!files)
      throw new HTTPException(415, {
        message: 'send a JSON bundle (application/json) or CSV files (multipart/form-data)',
      });
    const caller = c.get('caller');
    const report = await imports.run(files, guardFor(access, caller, 'data:import'), {
      by: caller.sub,
    });
    return c.json(report, 200);
  });
  return app;
}

/** The request's files: the JSON body as one bundle, or each part of a form as a CSV file. */
async function filesOf(
  type: string,
  request: { text(): Promise<string>; formData(): Promise<FormData> },
): Promise<ImportFile[] | undefined> {
  if (/^application\/json/i.test(type))
    return [{ name: 'request.json', text: await request.text() }];
  if (!/^multipart\/form-data/i.test(type)) return undefined;
  const files: ImportFile[] = [];
  for (const [field, value] of (await request.formData()).entries()) {
    // A part is named by its file name, or else by its field (`entities` or `entities.csv`).
    const name = typeof value === 'string' || !value.name ? field : value.name;
    files.push({
      name: name.includes('.') ? name : `${name}.csv`,
      text: typeof value === 'string' ? value : await value.text(),
    });
  }
  return files;
}
