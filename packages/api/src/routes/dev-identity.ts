import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Grant, Role } from '#core';
import type { AppEnv } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { jsonBody, problemResponses } from '../schemas.ts';

/** The development identity provider: signs tokens and publishes its keys. Local runtime only. */
export interface DevIdentity {
  jwks(): Promise<{ keys: object[] }>;
  issue(claims: { sub: string; grant?: Grant | undefined }): Promise<string>;
}

const TokenRequest = z
  .object({
    sub: z.string().min(1).max(128),
    role: Role,
    entityId: z.string().optional(),
    contributorId: z.string().optional(),
  })
  .superRefine(({ sub: _sub, ...grant }, ctx) => {
    const parsed = Grant.safeParse(grant);
    for (const issue of parsed.error?.issues ?? [])
      ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
  })
  .openapi('DevTokenRequest');

const issueToken = createRoute({
  method: 'post',
  path: '/dev/token',
  tags: ['Development'],
  summary: 'A signed token for any user and grant (local runtime only)',
  request: { body: jsonBody(TokenRequest) },
  responses: {
    200: {
      description: 'A bearer token, valid 12 hours',
      content: {
        'application/json': { schema: z.object({ token: z.string() }).openapi('DevToken') },
      },
    },
    400: problemResponses[400],
  },
});

const publishKeys = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Development'],
  summary: "The development provider's public keys",
  responses: {
    200: {
      description: 'A JSON Web Key Set',
      content: {
        'application/json': { schema: z.object({ keys: z.array(z.object({}).passthrough()) }) },
      },
    },
  },
});

export function devIdentityRoutes(identity: DevIdentity) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(issueToken, async (c) => {
    const { sub, ...grant } = c.req.valid('json');
    return c.json({ token: await identity.issue({ sub, grant: Grant.parse(grant) }) }, 200);
  });
  app.openapi(publishKeys, async (c) => c.json(await identity.jwks(), 200));
  return app;
}
