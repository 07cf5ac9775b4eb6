import { z } from '@hono/zod-openapi';
import {
  contentIssues,
  Entity,
  EntityId,
  EntityInput,
  EntityKind,
  entityIssues,
  Framework,
  FrameworkId,
  LanguageMap,
  MemberList,
  memberIssues,
  Region,
} from '#core';
import { withRules } from './http/validation.ts';

/**
 * The core's schemas, named for the OpenAPI document. They were built before @hono/zod-openapi
 * extended zod, so they carry zod's own `.meta()`, which the generator reads too.
 */
export const EntitySchema = Entity.meta({ id: 'Entity' });
export const EntityInputSchema = EntityInput.superRefine(withRules(entityIssues)).meta({
  id: 'EntityInput',
});
export const EntityReplacementSchema = EntityInput.extend({
  id: EntityId.optional().meta({ description: 'If given, must equal the id in the path.' }),
  members: MemberList.optional().meta({ description: 'Left out, the current member list stays.' }),
})
  .superRefine(withRules((entity) => contentIssues({ ...entity, members: entity.members ?? [] })))
  .meta({ id: 'EntityReplacement' });
export const MembersSchema = z
  .object({ members: MemberList })
  .superRefine(withRules(({ members }) => memberIssues(members)))
  .openapi('Members');
export const FrameworkSchema = Framework.meta({ id: 'Framework' });
export const RegionSchema = z.object({ id: Region, labels: LanguageMap }).openapi('Region');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          in: z.enum(['body', 'query', 'path', 'header']).optional(),
          pointer: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .openapi('Problem');

export const IdParam = z.object({
  id: EntityId.meta({ param: { name: 'id', in: 'path' }, example: 'BUDAPEST' }),
});
/** A cycle's id in the path. */
export const CycleIdParam = z.object({ id: EntityId.meta({ param: { name: 'id', in: 'path' } }) });
/** A cycle's id and a respondent's in the path: `/cycles/{id}/submissions/{entityId}`. */
export const RespondentParams = CycleIdParam.extend({
  entityId: EntityId.meta({ param: { name: 'entityId', in: 'path' } }),
});

/** A required JSON request body of this schema. */
export const jsonBody = <T>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

export const FrameworkIdParam = z.object({
  id: FrameworkId.meta({ param: { name: 'id', in: 'path' }, example: 'nyd-2016' }),
});

/** `?limit=` (1 to 500, default 100) and `?cursor=` of every list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});

export const EntityListQuery = PageQuery.extend({
  kind: EntityKind.optional(),
  region: Region.optional(),
  memberOf: EntityId.optional(),
});

/** `{ items, nextCursor }`, the shape of every list. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export const ETagHeader = z.object({
  ETag: z.string().openapi({ description: 'The version, quoted: "3". Send it back in If-Match.' }),
});

/** A route's response with one versioned item: the item as JSON, its version in the ETag. */
export const versionedResponse =
  <T>(schema: T) =>
  (description: string) => ({
    description,
    headers: ETagHeader,
    content: { 'application/json': { schema } },
  });

export const IfMatchHeader = z.object({
  'If-Match': z
    .string()
    .optional()
    .openapi({ description: 'The version read, as in the ETag: "3".' }),
});

export const problemResponses = {
  400: {
    description: 'Invalid input',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  401: {
    description: 'No valid credentials',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  403: {
    description: 'Not allowed',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  404: {
    description: 'Not found',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;

export const writeProblemResponses = {
  ...problemResponses,
  409: {
    description: 'Conflicts with the current state',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  412: {
    description: 'Stale If-Match',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  413: {
    description: 'Body too large',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  428: {
    description: 'If-Match required',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;
