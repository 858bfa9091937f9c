/** Where the SQL database lives: embedded PGlite in the data directory, or a PostgreSQL server. */
export type SqlStorageConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string; readonly schema?: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema?: string };

/** Where the event log lives: the SQL database above, or KurrentDB. */
export type EventLogConfig =
  { readonly kind: 'sql' } | { readonly kind: 'kurrentdb'; readonly connectionString: string };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The node's configuration, parsed and validated once at start; frozen all the way down. */
export interface KetnoiConfig {
  /** HTTP listener. Port 0 lets the OS pick a free port. */
  readonly http: { readonly host: string; readonly port: number };
  /** gRPC listener on the same host; `undefined` when GRPC_PORT=0 (gRPC disabled). */
  readonly grpc: { readonly port: number } | undefined;
  readonly nodeId: string;
  /** Absolute path holding PGlite data, the node key and the trust registry. */
  readonly dataDir: string;
  readonly storage: SqlStorageConfig;
  readonly eventLog: EventLogConfig;
  /** Federation over Kafka is on when brokers are configured. */
  readonly kafka:
    | {
        readonly brokers: readonly string[];
        /** Create inbox topics through the admin API (KAFKA_CREATE_TOPICS); off for the test broker or operator-made topics. */
        readonly createTopics: boolean;
      }
    | undefined;
  /** Absolute path of the trust registry JSON (node id -> Ed25519 public key). */
  readonly trustRegistryPath: string;
  readonly logLevel: LogLevel;
  /** IATI publishing: the reporting organisation's identifier, prefix of every iati-identifier. */
  readonly iati: { readonly publisherRef: string };
}
