import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { EntityId, type SubmissionDesk, SubmissionInput } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { ifMatchVersion, setVersion } from '../http/versions.ts';
import {
  IfMatchHeader,
  jsonBody,
  pageOf,
  problemResponses,
  RespondentParams,
  versionedResponse,
  writeProblemResponses,
} from '../schemas.ts';

const tags = ['Submissions'];
const Params = RespondentParams;
const SubmissionSchema = z.object({}).passthrough().openapi('Submission');
/** Entry ids named by a request: those of the draft's (or a contribution's) entries. */
const EntryIds = z.array(z.string().max(20)).max(100);
const submissionResponse = versionedResponse(SubmissionSchema);
const ReviewRequest = z
  .object({
    decision: z.enum(['ACCEPT', 'RETURN']),
    comment: z.string().trim().min(1).max(4_000).optional(),
    asEntityId: EntityId.optional(),
  })
  .openapi('ReviewRequest');
const path = '/{id}/submissions/{entityId}';

const getSubmission = createRoute({
  method: 'get',
  path,
  tags,
  summary: "A respondent's submission (its users, the organiser, eligible reviewers, the admin)",
  request: { params: Params },
  responses: { 200: submissionResponse('The submission'), ...problemResponses },
});
const putSubmission = createRoute({
  method: 'put',
  path,
  tags,
  summary: 'Write the draft: the first PUT creates it, later ones need If-Match',
  request: {
    params: Params,
    headers: IfMatchHeader,
    body: jsonBody(SubmissionInput.meta({ id: 'SubmissionInput' })),
  },
  responses: { 200: submissionResponse('The draft, with entry ids'), ...writeProblemResponses },
});
const submit = createRoute({
  method: 'post',
  path: `${path}/submit`,
  tags,
  summary: 'Submit: keeps an immutable version with who and when',
  request: { params: Params, headers: IfMatchHeader },
  responses: { 200: submissionResponse('Submitted'), ...writeProblemResponses },
});
const review = createRoute({
  method: 'post',
  path: `${path}/review`,
  tags,
  summary:
    "Return (with a comment) or accept; an ISCM's secretariat reviewing a regional or global cycle says so with asEntityId",
  request: {
    params: Params,
    body: jsonBody(ReviewRequest),
  },
  responses: { 200: submissionResponse('Reviewed'), ...writeProblemResponses },
});
const prefill = createRoute({
  method: 'post',
  path: `${path}/prefill`,
  tags,
  summary:
    "Start the draft from the respondent's last submitted version in the previous cycle; carried entries are marked carriedForward until confirmed or edited",
  request: { params: Params },
  responses: { 201: submissionResponse('The pre-filled draft'), ...writeProblemResponses },
});
const confirm = createRoute({
  method: 'post',
  path: `${path}/confirm`,
  tags,
  summary: 'Confirm carried entries as they are',
  request: {
    params: Params,
    headers: IfMatchHeader,
    body: jsonBody(z.object({ entryIds: EntryIds }).openapi('ConfirmRequest')),
  },
  responses: { 200: submissionResponse('Confirmed'), ...writeProblemResponses },
});
const merge = createRoute({
  method: 'post',
  path: `${path}/merge`,
  tags,
  summary:
    "Merge a contribution's entries (all, or those named) into the draft; merged entries keep their ids and carry fromContribution",
  request: {
    params: Params,
    headers: IfMatchHeader,
    body: jsonBody(
      z
        .object({
          contributorId: EntityId,
          entryIds: EntryIds.optional(),
        })
        .openapi('MergeRequest'),
    ),
  },
  responses: {
    200: submissionResponse('The draft with the merged entries'),
    ...writeProblemResponses,
  },
});
const diff = createRoute({
  method: 'get',
  path: `${path}/diff`,
  tags,
  summary:
    "How the submission differs from the respondent's last submitted version in the previous cycle, entry by entry",
  request: { params: Params },
  responses: {
    200: {
      description: 'Added, removed and changed entries',
      content: {
        'application/json': {
          schema: z
            .object({
              previousCycleId: z.string(),
              added: z.array(z.string()),
              removed: z.array(z.string()),
              changed: z.array(
                z.object({
                  id: z.string(),
                  fields: z.array(z.string()),
                  status: z.object({ from: z.string(), to: z.string() }).optional(),
                }),
              ),
              unchanged: z.number().int(),
            })
            .openapi('SubmissionDiff'),
        },
      },
    },
    ...problemResponses,
  },
});
const history = createRoute({
  method: 'get',
  path: `${path}/history`,
  tags,
  summary: 'Every submitted version, as it was submitted',
  request: { params: Params },
  responses: {
    200: {
      description: 'Versions, oldest first',
      content: {
        'application/json': { schema: pageOf(z.object({}).passthrough(), 'SubmissionHistory') },
      },
    },
    ...problemResponses,
  },
});

const published = createRoute({
  method: 'get',
  path: '/published/cycles/{id}/submissions/{entityId}',
  tags,
  summary: "A published cycle's submission, where its respondent made it public (no sign-in)",
  request: { params: Params },
  responses: {
    200: {
      description: 'The last submitted version',
      content: {
        'application/json': { schema: z.object({}).passthrough().openapi('PublishedSubmission') },
      },
    },
    404: problemResponses[404],
  },
});

/** `/v1/published/...`: what anyone may read once a cycle is published. Public: no caller. */
export function publishedRoutes(submissions: SubmissionDesk) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(published, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const { submittedBy: _by, ...version } = await submissions.published(id, entityId);
    return c.json(version, 200);
  });
  return app;
}

/** `/v1/cycles/{id}/submissions/{entityId}`: what a respondent reports in a cycle. */
export function submissionRoutes(submissions: SubmissionDesk, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(getSubmission, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const submission = await submissions.get(
      id,
      entityId,
      guardFor(access, c.var.caller, 'submissions:read'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 200);
  });
  app.openapi(putSubmission, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const submission = await submissions.put(
      id,
      entityId,
      c.req.valid('json'),
      ifMatchVersion(c),
      c.var.caller.sub,
      guardFor(access, c.var.caller, 'submissions:write'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 200);
  });
  app.openapi(submit, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const submission = await submissions.submit(
      id,
      entityId,
      ifMatchVersion(c),
      c.var.caller.sub,
      guardFor(access, c.var.caller, 'submissions:write'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 200);
  });
  app.openapi(review, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const secretariatOf = c.var.caller.grants.flatMap((g) =>
      g.role === 'SECRETARIAT' && g.entityId ? [g.entityId] : [],
    );
    const submission = await submissions.review(
      id,
      entityId,
      c.req.valid('json'),
      { sub: c.var.caller.sub, secretariatOf },
      guardFor(access, c.var.caller, 'submissions:review'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 200);
  });
  app.openapi(prefill, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const submission = await submissions.prefill(
      id,
      entityId,
      guardFor(access, c.var.caller, 'submissions:write'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 201);
  });
  app.openapi(confirm, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const submission = await submissions.confirm(
      id,
      entityId,
      c.req.valid('json').entryIds,
      ifMatchVersion(c),
      guardFor(access, c.var.caller, 'submissions:write'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 200);
  });
  app.openapi(merge, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const submission = await submissions.merge(
      id,
      entityId,
      c.req.valid('json'),
      ifMatchVersion(c),
      guardFor(access, c.var.caller, 'submissions:write'),
    );
    setVersion(c, submission.version);
    return c.json(submission, 200);
  });
  app.openapi(diff, async (c) => {
    const { id, entityId } = c.req.valid('param');
    return c.json(
      await submissions.diff(id, entityId, guardFor(access, c.var.caller, 'submissions:read')),
      200,
    );
  });
  app.openapi(history, async (c) => {
    const { id, entityId } = c.req.valid('param');
    const items = await submissions.history(
      id,
      entityId,
      guardFor(access, c.var.caller, 'submissions:read'),
    );
    return c.json({ items, nextCursor: null }, 200);
  });
  return app;
}
