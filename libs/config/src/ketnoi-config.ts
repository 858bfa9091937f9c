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
        /** TLS to the brokers (KAFKA_SSL). */
        readonly ssl: boolean;
        /** SASL credentials of this node (KAFKA_SASL_MECHANISM, _USERNAME, _PASSWORD); ACLs are per user. */
        readonly sasl?: KafkaSasl;
      }
    | undefined;
  /** Absolute path of the trust registry JSON (node id -> Ed25519 public key). */
  readonly trustRegistryPath: string;
  readonly logLevel: LogLevel;
  /**
   * Bearer tokens: signed with the node key unless an external identity provider's JWKS is set
   * (KETNOI_JWKS_URL, with optional KETNOI_JWT_ISSUER / KETNOI_JWT_AUDIENCE).
   */
  readonly auth: { readonly jwksUrl?: string; readonly issuer?: string; readonly audience?: string };
  /** Browser origins allowed by CORS (KETNOI_CORS_ORIGINS, comma-separated); empty = CORS closed. */
  readonly corsOrigins: readonly string[];
  /** Commands per verified caller (token subject and node) per minute before 429 (KETNOI_COMMAND_RATE_LIMIT). */
  readonly commandRateLimit: number;
  /** What a slow or greedy HTTP client may hold (KETNOI_HTTP_*). */
  readonly httpLimits: HttpLimits;
  /** IATI publishing: the reporting organisation's identifier, prefix of every iati-identifier. */
  readonly iati: { readonly publisherRef: string };
}

/**
 * Timeouts and the per-address connection cap of the HTTP listener: a client that trickles its
 * headers or body, or opens socket after socket, must not hold the node's file descriptors.
 */
export interface HttpLimits {
  /** Time to receive a request's headers (KETNOI_HTTP_HEADERS_TIMEOUT, seconds). @defaultValue 10 000 */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included (KETNOI_HTTP_REQUEST_TIMEOUT, seconds). @defaultValue 30 000 */
  readonly requestTimeoutMs: number;
  /** Idle time of a kept-alive socket between requests (KETNOI_HTTP_KEEP_ALIVE_TIMEOUT, seconds). @defaultValue 5 000 */
  readonly keepAliveTimeoutMs: number;
  /** Open sockets per client address; more are answered 503 and closed (KETNOI_HTTP_CONNECTIONS_PER_ADDRESS). @defaultValue 64 */
  readonly connectionsPerAddress: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  connectionsPerAddress: 64,
});

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export interface KafkaSasl {
  readonly mechanism: (typeof KAFKA_SASL_MECHANISMS)[number];
  readonly username: string;
  readonly password: string;
}
