import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  canAppendReplicated,
  EVENT_STORE,
  SQL_CLIENT,
  type EventStore,
  type SqlClient,
} from '@ketnoi/event-store';
import { Metrics, NODE_CONTEXT, type NodeContext } from '@ketnoi/platform';
import { Registry } from 'prom-client';
import { Inbound } from './inbound/inbound.js';
import { loadNodeKey } from './keys/node-key.js';
import { FederationMetrics } from './metrics/federation-metrics.js';
import { Relay } from './relay/relay.js';
import { migrateFederation } from './sql/migrations.js';
import { inboxTopicFor } from './topics.js';
import {
  createKafka,
  createKafkaInboxConsumer,
  type KafkaConnectionOptions,
} from './transport/kafkajs-transport.js';
import { createThreadPublisher } from './transport/thread-publisher.js';
import type { Publisher } from './transport/transport.js';
import { loadTrustRegistry } from './trust/trust-registry.js';

export interface FederationModuleOptions {
  /** Kafka bootstrap list, `host:port`. */
  readonly brokers: readonly string[];
  /** The trust registry JSON (`KETNOI_TRUST_REGISTRY`). */
  readonly trustRegistryPath: string;
  /** Holds `node.key`; federation refuses to start without it, naming the file. */
  readonly dataDir: string;
  /**
   * Create inbox topics through the admin API. Off for the librdkafka test broker (no controller
   * to route CreateTopics to; topics auto-create) and for clusters whose topics and ACLs an operator
   * provisions (deploy/). @defaultValue true
   */
  readonly createTopics?: boolean;
  /** TLS and SASL login to the brokers (see `KafkaConnectionOptions`). */
  readonly ssl?: boolean;
  readonly sasl?: KafkaConnectionOptions['sasl'];
  /** @defaultValue `ketnoi-<nodeId>` */
  readonly clientId?: string;
  /** Relay batch size (events of the local log per sendBatch). @defaultValue 200 */
  readonly relayBatchSize?: number;
  /** @defaultValue 50 */
  readonly relayPollIntervalMs?: number;
  /** Where relay and inbound report (one line each). @defaultValue stderr */
  readonly log?: (line: string) => void;
}

export const FEDERATION_OPTIONS = Symbol('FEDERATION_OPTIONS');

/**
 * Starts the relay and the inbound when the application has bootstrapped (after every module's
 * init, so the store is open) and stops them before the storage closes. Fails the start, naming
 * the file, when the node key or the trust registry is missing or bad.
 */
@Injectable()
export class FederationService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relayInstance: Relay | undefined;
  private inboundInstance: Inbound | undefined;
  private publisher: Publisher | undefined;
  private starting: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    @Inject(FEDERATION_OPTIONS) private readonly options: FederationModuleOptions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(NODE_CONTEXT) private readonly node: NodeContext,
    @Optional() private readonly appMetrics?: Metrics,
  ) {}

  /** True once relay and inbound run (Kafka reached). */
  isRunning(): boolean {
    return (
      this.inboundInstance !== undefined &&
      this.relayInstance !== undefined &&
      this.starting !== undefined &&
      !this.stopping
    );
  }

  get inbound(): Inbound {
    if (!this.inboundInstance) throw new Error('federation is not running');
    return this.inboundInstance;
  }

  get relay(): Relay {
    if (!this.relayInstance) throw new Error('federation is not running');
    return this.relayInstance;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { options, store, sql } = this;
    const nodeId = this.node.nodeId;
    await loadNodeKey(options.dataDir);
    const trust = await loadTrustRegistry(options.trustRegistryPath);
    if (!canAppendReplicated(store))
      throw new Error(
        'federation: the configured event log cannot store replicated events (appendReplicated)',
      );
    await migrateFederation(sql);
    const metrics = new FederationMetrics(this.appMetrics?.registry ?? new Registry());
    const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
    const connection: KafkaConnectionOptions = {
      brokers: options.brokers,
      clientId: options.clientId ?? `ketnoi-${nodeId}`,
      log,
      ...(options.ssl ? { ssl: true } : {}),
      ...(options.sasl ? { sasl: options.sasl } : {}),
    };
    const kafka = createKafka(connection);
    // Key, registry and tables are checked above and fail the start; the brokers may come later:
    // the node starts anyway and connects in the background, retrying, so a Kafka outage at boot
    // delays federation without taking the node's own API down.
    this.starting = (async () => {
      for (let attempt = 1, wait = 500; !this.stopping; attempt++, wait = Math.min(wait * 2, 30_000)) {
        try {
          this.publisher = await createThreadPublisher(connection, { createTopics: options.createTopics ?? true });
          const consumer = createKafkaInboxConsumer(kafka, {
            topic: inboxTopicFor(nodeId),
            groupId: `ketnoi.inbound.${nodeId}`,
          });
          this.inboundInstance = new Inbound({ store, sql, nodeId, trust, consumer, metrics, log });
          this.relayInstance = new Relay({
            store,
            sql,
            nodeId,
            publisher: this.publisher,
            isPeer: (n) => trust.get(n) !== undefined,
            metrics,
            log,
            ...(options.relayBatchSize ? { batchSize: options.relayBatchSize } : {}),
            ...(options.relayPollIntervalMs ? { pollIntervalMs: options.relayPollIntervalMs } : {}),
          });
          await this.inboundInstance.start();
          this.relayInstance.start();
          return;
        } catch (error) {
          await this.stopParts();
          log(
            `federation: cannot connect to Kafka (attempt ${attempt}), retrying in ${wait} ms: ${error instanceof Error ? error.message : String(error)}`,
          );
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            this.wake = () => (clearTimeout(timer), resolve());
          });
        }
      }
    })();
  }

  /** Resolves when relay and inbound run (or the app stops first); for tests and readiness. */
  async running(): Promise<void> {
    await this.starting;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.starting;
    await this.stopParts();
  }

  private async stopParts(): Promise<void> {
    await this.relayInstance?.stop();
    await this.inboundInstance?.stop().catch(() => undefined);
    await this.publisher?.close().catch(() => undefined);
    this.relayInstance = undefined;
    this.inboundInstance = undefined;
    this.publisher = undefined;
  }
}
