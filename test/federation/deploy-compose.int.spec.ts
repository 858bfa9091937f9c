import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrustRegistry } from '@ketnoi/federation';
import { parse } from 'yaml';
import { ensureBuilt, KETNOI_BIN, ROOT } from '../hub/hub-process.js';

// No Docker daemon runs on the build machines: these check what can be checked without one —
// the compose file's shape, and the init scripts run for real (Kafka's CLI replaced by a recorder).
const DEPLOY = join(ROOT, 'deploy');
const CITY_NODES = ['vn-hue', 'fr-nevers', 'kr-koica'];
const BROKERS = ['kafka-1', 'kafka-2', 'kafka-3'];

interface Service {
  image?: string;
  environment?: Record<string, string | number>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

describe('deploy/compose.yml', () => {
  let text: string;
  let services: Record<string, Service>;
  const work: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ketnoi-deploy-'));
    work.push(dir);
    return dir;
  };

  beforeAll(async () => {
    text = await readFile(join(DEPLOY, 'compose.yml'), 'utf8');
    services = (parse(text, { merge: true }) as { services: Record<string, Service> }).services;
  });
  afterAll(() => Promise.all(work.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('runs three Kafka brokers in KRaft mode, each a voter of one quorum, with authorisation on', () => {
    const ids = BROKERS.map((name) => services[name]!.environment!.KAFKA_NODE_ID);
    expect(new Set(ids)).toEqual(new Set([1, 2, 3]));
    for (const name of BROKERS) {
      const env = services[name]!.environment!;
      expect(services[name]!.image).toMatch(/^apache\/kafka:/);
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`BROKER://${name}:9092`);
      expect(env.KAFKA_AUTHORIZER_CLASS_NAME).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
      expect(env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe('false');
      // No listener without authentication: it would be User:ANONYMOUS.
      expect(String(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP)).not.toMatch(/:PLAINTEXT\b/);
      for (const node of CITY_NODES) expect(env.KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG).toContain(`user_${node}=`);
    }
  });

  it('runs the three city nodes, each with its own data volume, the shared trust registry read-only, and its own Kafka principal', () => {
    for (const node of CITY_NODES) {
      const service = services[node]!;
      expect(service.environment).toMatchObject({
        KETNOI_NODE_ID: node,
        KAFKA_SASL_USERNAME: node,
        KAFKA_BROKERS: BROKERS.map((b) => `${b}:9092`).join(','),
        KETNOI_TRUST_REGISTRY: '/trust/trust.json',
      });
      expect(service.volumes).toEqual([`${node}-data:/data`, 'trust:/trust:ro']);
      expect(service.depends_on).toEqual({
        'node-keys': { condition: 'service_completed_successfully' },
        'kafka-init': { condition: 'service_completed_successfully' },
      });
      expect(service.ports!.every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
    }
  });

  it('needs no variable that init-secrets.sh does not write (or that has no default)', async () => {
    const dir = await tempDir();
    await copyFile(join(DEPLOY, 'kafka', 'init-secrets.sh'), join(dir, 'init-secrets.sh'));
    execFileSync('sh', [join(dir, 'init-secrets.sh')]);
    const env = await readFile(join(dir, 'secrets', 'kafka.env'), 'utf8');
    const written = new Set(env.trim().split('\n').map((line) => line.split('=')[0]));
    const required = [...text.matchAll(/\$\{([A-Z0-9_]+)(:-[^}]*)?/g)].filter((m) => !m[2]).map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !written.has(name))).toEqual([]);
    // Run again: the passwords are kept (the brokers' JAAS config must not change under them).
    execFileSync('sh', [join(dir, 'init-secrets.sh')]);
    expect(await readFile(join(dir, 'secrets', 'kafka.env'), 'utf8')).toBe(env);
  });

  it('init-topics-acls.sh lets each node read only its own inbox and group, and write only to the others', async () => {
    const dir = await tempDir();
    const log = join(dir, 'calls.log');
    // Stand-ins for Kafka's CLI that record their arguments, one call per line.
    for (const tool of ['kafka-topics.sh', 'kafka-acls.sh']) {
      await writeFile(join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`);
      await chmod(join(dir, tool), 0o755);
    }
    execFileSync('sh', [join(DEPLOY, 'kafka', 'init-topics-acls.sh')], {
      env: {
        PATH: process.env.PATH,
        KAFKA_BIN: dir,
        ADMIN_CONFIG: join(dir, 'admin.properties'),
        KAFKA_BOOTSTRAP: 'kafka-1:9092',
        KAFKA_ADMIN_PASSWORD: 'secret',
        KETNOI_NODES: CITY_NODES.join(' '),
      },
    });
    const calls = (await readFile(log, 'utf8')).trim().split('\n');
    const grants = calls
      .filter((call) => call.includes('--add'))
      .map((call) => {
        const principal = /--allow-principal User:(\S+)/.exec(call)![1];
        const operations = [...call.matchAll(/--operation (\S+)/g)].map((m) => m[1]).sort().join('+');
        const resource = /--(topic|group) (\S+)/.exec(call)!.slice(1).join(' ');
        return `${principal} ${operations} ${resource}`;
      });
    for (const node of CITY_NODES) {
      const others = CITY_NODES.filter((other) => other !== node);
      expect(grants.filter((grant) => grant.startsWith(`${node} `)).sort()).toEqual(
        [
          `${node} Describe+Read topic ketnoi.v1.inbox.${node}`,
          `${node} Describe+Read group ketnoi.inbound.${node}`,
          ...others.map((other) => `${node} Describe+Write topic ketnoi.v1.inbox.${other}`),
        ].sort(),
      );
      expect(calls).toContainEqual(
        expect.stringMatching(new RegExp(`--create --if-not-exists --topic ketnoi\\.v1\\.inbox\\.${node} .*--replication-factor 3 --config min.insync.replicas=2`)),
      );
    }
    expect(await readFile(join(dir, 'admin.properties'), 'utf8')).toContain('username="admin" password="secret"');
  });

  it('init-node-keys.sh gives each node a key through `ketnoi keys generate` and a trust registry the nodes accept', async () => {
    ensureBuilt();
    const dir = await tempDir();
    await mkdir(join(dir, 'trust'));
    const run = () =>
      execFileSync('sh', [join(DEPLOY, 'kafka', 'init-node-keys.sh')], {
        env: {
          PATH: process.env.PATH,
          KETNOI_NODES: CITY_NODES.join(' '),
          NODES_DIR: join(dir, 'nodes'),
          TRUST_DIR: join(dir, 'trust'),
          KETNOI_BIN,
        },
        stdio: 'pipe',
      });
    run();
    const first = await readFile(join(dir, 'trust', 'trust.json'), 'utf8');
    const registry = parseTrustRegistry(JSON.parse(first));
    expect(registry.nodeIds().sort()).toEqual([...CITY_NODES].sort());
    for (const node of CITY_NODES) {
      const key = await readFile(join(dir, 'nodes', node, 'node.key'), 'utf8');
      const spki = createPublicKey(key).export({ type: 'spki', format: 'pem' });
      expect(JSON.parse(first)[node].publicKey).toBe(spki);
      expect(registry.publicKeyOf(node)!.export({ type: 'spki', format: 'pem' })).toBe(spki);
    }
    // A second run (compose up again) keeps every key, so the registry is unchanged.
    run();
    expect(await readFile(join(dir, 'trust', 'trust.json'), 'utf8')).toBe(first);
  }, 120_000);
});
