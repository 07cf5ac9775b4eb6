import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '#local';

const dataDir = mkdtempSync(join(tmpdir(), 'gcm-runtime-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** An admin token from the runtime's development identity provider. */
async function adminToken(apiUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${apiUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'admin', role: 'ADMIN' }),
  });
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

describe('the local runtime (npm start)', () => {
  it('serves the seeded API over HTTP and keeps data on disk across restarts', async () => {
    const first = await startLocalRuntime({ port: 0, dataDir });
    try {
      expect(first.referenceData.entitiesCreated).toBe(239);
      const health = await fetch(`${first.apiUrl}/health`);
      expect(health.status).toBe(200);
      expect((await fetch(`${first.apiUrl}/v1/entities/FRA`)).status).toBe(401);
      const created = await fetch(`${first.apiUrl}/v1/entities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await adminToken(first.apiUrl)) },
        body: JSON.stringify({
          id: 'DISK-CHECK',
          kind: 'NON_STATE',
          names: { en: 'Kept on disk' },
        }),
      });
      expect(created.status).toBe(201);
    } finally {
      await first.stop();
    }

    const second = await startLocalRuntime({ port: 0, dataDir });
    try {
      expect(second.referenceData).toMatchObject({ entitiesCreated: 0, entitiesKept: 239 });
      const kept = await fetch(`${second.apiUrl}/v1/entities/DISK-CHECK`, {
        headers: await adminToken(second.apiUrl),
      });
      expect(kept.status).toBe(200);
      expect(await kept.json()).toMatchObject({ names: { en: 'Kept on disk' } });
    } finally {
      await second.stop();
    }
  });
});
