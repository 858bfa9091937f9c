import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  testStorageModule,
  type TestStorage,
} from '../../../libs/agreements/src/testing/agreements-test-app.js';
import { pgliteStorage } from '../../../libs/agreements/src/testing/storage.js';
import { appendAgreement, DA_NANG_NEVERS } from '../../../libs/projections/src/testing/agreement-events.js';
import { startProjectionsService, type RunningProjectionsService } from './start-projections-service.js';

describe('apps/projections: the read service on a port chosen at run time', () => {
  let storage: TestStorage;
  let service: RunningProjectionsService;

  beforeAll(async () => {
    storage = await pgliteStorage('vn-da-nang');
    service = await startProjectionsService(
      { host: '127.0.0.1', port: 0 },
      testStorageModule(storage, 'vn-da-nang'),
      {
        logger: false,
        projections: { pollMs: 20 },
      },
    );
  });
  afterAll(async () => {
    await service?.close();
    await storage?.store.close();
    await storage?.sql.close();
  });

  it('given an event in the log written by another process, then the read service projects and serves it', async () => {
    const { result } = await appendAgreement(storage.store, DA_NANG_NEVERS);
    const response = await fetch(`${service.url}/v1/agreements?q=da%20nang&minPosition=${result.position}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual([
      'Đà Nẵng – Nevers smart city and digitalisation',
    ]);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${service.url}/metrics`)).text()).toContain('ketnoi_projection_lag_events');
  });
});
