import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ketnoi/config';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { mintToken, type Role } from '@ketnoi/platform';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub.js';

export interface HubInProcess {
  readonly hub: RunningHub;
  readonly dataDir: string;
  /** The node's own key, which signs the tokens the hub accepts. */
  readonly key: KeyObject;
  /** `Bearer …` for `role` on `node` (this node by default). */
  authorization(role: Role, node?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * vn-hue as served (every module, PGlite in a fresh data dir, HTTP and gRPC on free loopback
 * ports, logs silent), for tests that drive the hub from outside within one process.
 * `env` adds or overrides settings (limits, timeouts).
 */
export async function startHubInProcess(
  name: string,
  env: Record<string, string> = {},
): Promise<HubInProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `ketnoi-${name}-`));
  const hub = await startHub(
    loadConfig({
      PORT: '0',
      GRPC_PORT: '0',
      KETNOI_NODE_ID: 'vn-hue',
      KETNOI_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  const key = (await loadNodeKey(dataDir)).privateKey;
  return {
    hub,
    dataDir,
    key,
    authorization: async (role, node = 'vn-hue') => `Bearer ${await mintToken({ role, node }, key)}`,
    close: async () => {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
