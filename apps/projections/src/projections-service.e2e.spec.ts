import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type KetnoiConfig } from '@ketnoi/config';
import { generateNodeKey, loadNodeKey, nodeSigner } from '@ketnoi/federation/keys';
import { NODE_SERVICES, startNode, type RunningNode } from '@ketnoi/node/start';
import { mintToken, NodeInUseError, openStorage, type OpenStorage } from '@ketnoi/platform';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { appendAgreement, DA_NANG_NEVERS } from '../../../libs/projections/src/testing/agreement-events.js';

describe('apps/projections: the read service of a node as a process of its own (PostgreSQL)', () => {
  let dir: string;
  let config: KetnoiConfig;
  let writer: OpenStorage;
  let service: RunningNode;
  let auth: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ketnoi-projections-service-'));
    config = loadConfig({
      KETNOI_NODE_ID: 'vn-da-nang',
      KETNOI_DATA_DIR: dir,
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: uniqueSchemaName('projections'),
      PORT: '0',
      GRPC_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    await generateNodeKey(dir);
    const key = await loadNodeKey(dir);
    auth = { authorization: `Bearer ${await mintToken({ role: 'officer', node: 'vn-da-nang' }, key.privateKey)}` };
    service = await startNode(config, ['projections']);
    // Another process's log on the same schema, as the agreements service writes it.
    writer = await openStorage(config, { signer: nodeSigner('vn-da-nang', key) });
  });
  afterAll(async () => {
    await service?.close();
    await writer?.sql.exec(`drop schema if exists ${config.storage.schema} cascade`);
    await writer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given an event in the log written by another process, then the read service projects and serves it to a caller with a token', async () => {
    const { result } = await appendAgreement(writer.store, DA_NANG_NEVERS);
    const query = `${service.url}/v1/agreements?q=da%20nang&minPosition=${result.position}`;
    expect((await fetch(query)).status).toBe(401);
    const response = await fetch(query, { headers: auth });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual([
      'Đà Nẵng – Nevers smart city and digitalisation',
    ]);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${service.url}/metrics`)).text()).toContain('ketnoi_projection_lag_events');
  });

  it('given the read service runs, when a second one or a hub of the node starts on the schema, then each is refused naming it; the write service starts beside it', async () => {
    await expect(startNode(config, ['projections'])).rejects.toThrow(NodeInUseError);
    const elsewhere = await mkdtemp(join(tmpdir(), 'ketnoi-projections-other-'));
    try {
      const other = { ...config, dataDir: elsewhere };
      await generateNodeKey(elsewhere);
      await expect(startNode(other, ['projections'])).rejects.toThrow(
        new RegExp(`^node vn-da-nang already has a writer of projections on schema ${config.storage.schema} .*: ketnoi projections vn-da-nang pid ${process.pid} `),
      );
      await expect(startNode(other, NODE_SERVICES)).rejects.toThrow(
        new RegExp(`^node vn-da-nang already has a writer on schema ${config.storage.schema} .*: ketnoi projections vn-da-nang pid ${process.pid} `),
      );
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
    const agreements = await startNode(config, ['agreements']);
    await agreements.close();
  });
});
