import { afterAll, describe, expect, it } from 'vitest';

const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

describe('the deployed API', () => {
  it('has no development identity provider: /dev/token and its key set do not exist', async () => {
    Object.assign(process.env, {
      TABLE_NAME: 'table',
      AWS_REGION: 'eu-west-1',
      USER_POOL_ID: 'eu-west-1_pool',
      USER_POOL_CLIENT_ID: 'client',
      REVIEW_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111111111111:stateMachine:review',
      ATTACHMENT_BUCKET: 'attachments-bucket',
    });
    const { app } = await import('../../functions/api/handler.ts');
    const token = await app.request('/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'x', role: 'ADMIN' }),
    });
    expect(token.status).toBe(404);
    expect((await app.request('/.well-known/jwks.json')).status).toBe(404);
    // Uploads and downloads go to S3 in AWS: the local stand-in's routes do not exist.
    const content = '/v1/attachments/A-0123456789ABCDEF/content?key=k&expires=1&signature=s';
    expect((await app.request(content)).status).toBe(404);
    expect((await app.request(content, { method: 'PUT', body: 'x' })).status).toBe(404);
    expect((await app.request('/v1/me')).status).toBe(401);
  });
});
