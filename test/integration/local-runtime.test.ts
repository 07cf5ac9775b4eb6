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

const quiet = { deliver: async () => 'SENT' as const };

describe('the local runtime (npm start)', () => {
  it('serves the seeded API over HTTP, keeps data on disk across restarts, and resumes open rounds', async () => {
    const first = await startLocalRuntime({ port: 0, dataDir, delivery: quiet });
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
      const headers = { 'content-type': 'application/json', ...(await adminToken(first.apiUrl)) };
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
      await fetch(`${first.apiUrl}/v1/cycles`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          id: 'ROUND-ON-DISK',
          title: { en: 'Kept running' },
          kind: 'CONSULTATION',
          frameworkId: 'nyd-2016',
          organiser: 'BUDAPEST',
          respondents: ['FRA'],
          opensAt: day(0),
          dueAt: day(30),
        }),
      });
      const opened = await fetch(`${first.apiUrl}/v1/cycles/ROUND-ON-DISK/open`, {
        method: 'POST',
        headers,
      });
      expect(opened.status).toBe(200);
      expect(first.workflows.running()).toEqual(['ROUND-ON-DISK']);
    } finally {
      await first.stop();
    }

    const second = await startLocalRuntime({ port: 0, dataDir, delivery: quiet });
    try {
      expect(second.referenceData).toMatchObject({ entitiesCreated: 0, entitiesKept: 239 });
      const kept = await fetch(`${second.apiUrl}/v1/entities/DISK-CHECK`, {
        headers: await adminToken(second.apiUrl),
      });
      expect(kept.status).toBe(200);
      expect(await kept.json()).toMatchObject({ names: { en: 'Kept on disk' } });
      // Executions live in memory: the open cycle's round started again at boot.
      expect(second.resumed).toEqual(['ROUND-ON-DISK']);
      expect(second.workflows.running()).toEqual(['ROUND-ON-DISK']);
    } finally {
      await second.stop();
    }
  });
});
