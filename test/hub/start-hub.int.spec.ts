import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ketnoi/config';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken } from '@ketnoi/platform';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub.js';

// In-process hubs, as tests and the bench start them: several in one process, each on a free port.
describe('startHub', () => {
  const root = mkdtempSync(join(tmpdir(), 'ketnoi-start-hub-'));
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.close()));
    rmSync(root, { recursive: true, force: true });
  });

  const start = async (nodeId: string) => {
    const config = loadConfig({
      PORT: '0',
      GRPC_PORT: '0',
      KETNOI_NODE_ID: nodeId,
      KETNOI_DATA_DIR: join(root, nodeId),
      LOG_LEVEL: 'silent',
    });
    const hub = await startHub(config);
    hubs.push(hub);
    return hub;
  };

  it('given two nodes in one process, then each serves its own API, health and metrics', async () => {
    const [hue, nevers] = await Promise.all([start('vn-hue'), start('fr-nevers')]);
    expect(hue.url).not.toBe(nevers.url);
    expect(hue.grpcAddress).toBeUndefined();
    expect(await (await fetch(`${hue.url}/health/ready`)).json()).toMatchObject({
      status: 'ok',
      node: 'vn-hue',
    });
    expect(await (await fetch(`${nevers.url}/health/ready`)).json()).toMatchObject({
      status: 'ok',
      node: 'fr-nevers',
    });

    const officer = await mintToken({ role: 'officer', node: 'vn-hue' }, (await loadNodeKey(join(root, 'vn-hue'))).privateKey);
    const drafted = await fetch(`${hue.url}/v1/agreements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({
        title: 'Huế smart culture and tourism city',
        kind: 'GRANT',
        parties: [
          { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
          { nodeId: 'org-koica', name: 'KOICA', role: 'DONOR', country: 'KR' },
        ],
      }),
    });
    expect(drafted.status).toBe(201);
    const metrics = await (await fetch(`${hue.url}/metrics`)).text();
    expect(metrics).toMatch(
      /ketnoi_http_request_duration_seconds_count\{route="\/v1\/agreements",method="POST",status="201"\} 1/,
    );
    expect(await (await fetch(`${nevers.url}/metrics`)).text()).not.toContain('route="/v1/agreements"');
  }, 60_000);

  it('given a hub closed, when it starts again on the same data dir, then it opens (PGlite was released)', async () => {
    const first = await start('vn-danang');
    await first.close();
    const again = await start('vn-danang');
    expect((await fetch(`${again.url}/health/ready`)).status).toBe(200);
  }, 60_000);
});
