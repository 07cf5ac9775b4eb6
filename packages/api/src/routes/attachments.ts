import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import {
  type Attachment,
  type AttachmentDesk,
  AttachmentId,
  AttachmentRequest,
  MAX_ATTACHMENT_BYTES,
} from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { problem } from '../http/problem.ts';
import { validationHook } from '../http/validation.ts';
import { jsonBody, problemResponses, writeProblemResponses } from '../schemas.ts';

/** An upload's request, as the local stand-in for S3 receives it. */
export interface ContentUpload {
  contentType: string | undefined;
  contentLength: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * The local runtime's stand-in for S3: it keeps the bytes of uploads sent to URLs it signed, and
 * serves them back. Given by the local runtime only; in AWS the client talks to S3 itself.
 */
export interface AttachmentContent {
  /**
   * Stores the bytes sent to an upload URL. ForbiddenError when the signature is wrong or has
   * expired; InvalidInputError when the bytes are not the declared type and length.
   */
  receive(id: string, query: Record<string, string>, upload: ContentUpload): Promise<void>;
  /** The file a download URL names; ForbiddenError when the signature is wrong or has expired. */
  open(
    id: string,
    query: Record<string, string>,
  ): Promise<{
    body: ReadableStream<Uint8Array>;
    size: number;
    contentType: string;
    contentDisposition: string;
  }>;
}

const tags = ['Attachments'];
const Params = z.object({ id: AttachmentId.meta({ param: { name: 'id', in: 'path' } }) });

const AttachmentSchema = z
  .object({
    attachmentId: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    status: z.enum(['PENDING', 'COMPLETE']),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    attachedTo: z.object({ cycleId: z.string(), entityId: z.string() }).optional(),
  })
  .openapi('Attachment');

const createAttachment = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary:
    'Declare a file (the admin; a secretariat, focal point, alternate or contributor of any entity): returns where to PUT its bytes, with the headers to send, for 15 minutes',
  request: {
    body: jsonBody(AttachmentRequest.meta({ id: 'AttachmentRequest' })),
  },
  responses: {
    201: {
      description: 'The pending attachment and its upload URL',
      content: {
        'application/json': {
          schema: AttachmentSchema.extend({
            uploadUrl: z.string(),
            headers: z.record(z.string(), z.string()),
            expiresAt: z.string(),
          }).openapi('AttachmentUpload'),
        },
      },
    },
    ...writeProblemResponses,
  },
});

const completeAttachment = createRoute({
  method: 'post',
  path: '/{id}/complete',
  tags,
  summary:
    'The uploader says the bytes are there: checks their size and type; completing again changes nothing',
  request: { params: Params },
  responses: {
    200: {
      description: 'The complete attachment',
      content: { 'application/json': { schema: AttachmentSchema } },
    },
    ...writeProblemResponses,
  },
});

const getAttachment = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary:
    'A download URL valid 5 minutes, for those who may read what it is attached to (public with a published PUBLIC_ON_PUBLISH submission)',
  request: { params: Params },
  responses: {
    200: {
      description: 'The attachment and its download URL',
      content: {
        'application/json': {
          schema: AttachmentSchema.extend({
            downloadUrl: z.string(),
            expiresAt: z.string(),
          }).openapi('AttachmentDownload'),
        },
      },
    },
    ...problemResponses,
  },
});

/** An attachment as the API shows it: never who uploaded it. */
function view({ id, uploadedBy: _uploadedBy, ...attachment }: Attachment) {
  return { attachmentId: id, ...attachment };
}

/** `/v1/attachments`: declare, complete and read attachments; the bytes never pass through here in AWS. */
export function attachmentRoutes(attachments: AttachmentDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(createAttachment, async (c) => {
    const { attachment, upload } = await attachments.create(
      c.req.valid('json'),
      c.var.caller.sub,
      guardFor(access, c.var.caller, 'attachments:create'),
    );
    return c.json(
      {
        ...view(attachment),
        uploadUrl: upload.url,
        headers: upload.headers,
        expiresAt: upload.expiresAt,
      },
      201,
    );
  });
  app.openapi(completeAttachment, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(view(await attachments.complete(id, c.var.caller.sub)), 200);
  });
  app.openapi(getAttachment, async (c) => {
    const { id } = c.req.valid('param');
    // Public: an anonymous caller has no guard, and reads only what is published.
    const caller = c.get('caller');
    const { attachment, download } = await attachments.get(
      id,
      caller && { sub: caller.sub, guard: guardFor(access, caller, 'submissions:read') },
    );
    return c.json(
      { ...view(attachment), downloadUrl: download.url, expiresAt: download.expiresAt },
      200,
    );
  });
  return app;
}

const SignedQuery = z.object({
  key: z.string().max(200),
  expires: z.string().max(20),
  signature: z.string().max(128),
  type: z.string().max(200).optional(),
  size: z.string().max(20).optional(),
  filename: z.string().max(400).optional(),
});

const putContent = createRoute({
  method: 'put',
  path: '/{id}/content',
  tags: ['Development'],
  summary:
    'Upload the bytes to the URL POST /v1/attachments gave out, with its headers (local runtime only; S3 in AWS)',
  request: { params: Params, query: SignedQuery },
  responses: {
    200: { description: 'Stored' },
    400: problemResponses[400],
    403: problemResponses[403],
    413: writeProblemResponses[413],
  },
});

const getContent = createRoute({
  method: 'get',
  path: '/{id}/content',
  tags: ['Development'],
  summary: 'Download the bytes from a URL GET /v1/attachments/{id} gave out (local runtime only)',
  request: { params: Params, query: SignedQuery },
  responses: {
    200: { description: 'The file, as an attachment' },
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

/**
 * The local runtime's upload and download URLs. Mounted before the API's body limit: an upload
 * may be as large as an attachment, and is capped here at that.
 */
export function attachmentContentRoutes(content: AttachmentContent) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(
    '/:id/content',
    bodyLimit({
      maxSize: MAX_ATTACHMENT_BYTES,
      onError: (c) => problem(c, 413, `an attachment is at most ${MAX_ATTACHMENT_BYTES} bytes`),
    }),
  );
  app.openapi(putContent, async (c) => {
    const { id } = c.req.valid('param');
    await content.receive(id, signedQuery(c.req.valid('query')), {
      contentType: c.req.header('content-type'),
      contentLength: c.req.header('content-length'),
      body: c.req.raw.body,
    });
    return c.body(null, 200);
  });
  app.openapi(getContent, async (c) => {
    const { id } = c.req.valid('param');
    const file = await content.open(id, signedQuery(c.req.valid('query')));
    return c.body(file.body, 200, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': file.contentDisposition,
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return app;
}

function signedQuery(query: z.infer<typeof SignedQuery>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
