import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import {
  DEFAULT_HTTP_LIMITS,
  KAFKA_SASL_MECHANISMS,
  LOG_LEVELS,
  type HttpLimits,
  type KafkaSasl,
  type KetnoiConfig,
  type LogLevel,
} from './ketnoi-config.js';

/** The environment as read: variables may be missing; blank counts as missing. */
export type Environment = Readonly<Record<string, string | undefined>>;

// Same rule as the domain's NodeId: it names Kafka topics and streams, so keep it DNS-like.
const NODE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
// Schemas are interpolated into SQL by the store; only plain identifiers are safe.
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
// RFC 1123 host name: dot-separated labels of letters, digits and inner dashes.
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const KURRENTDB_SCHEMES = [
  'kurrentdb:',
  'kurrentdb+discover:',
  'esdb:',
  'esdb+discover:',
  'kdb:',
  'kdb+discover:',
];

/**
 * Parses and validates the environment into a frozen `KetnoiConfig`.
 * Throws `ConfigError` (one line naming the variable) on the first bad value.
 * Relative paths resolve against `cwd`.
 */
export function loadConfig(env: Environment = process.env, cwd: string = process.cwd()): KetnoiConfig {
  const nodeId = readNodeId(env);
  const dataDir = readPath(env, 'KETNOI_DATA_DIR', cwd) ?? resolve(cwd, 'data', nodeId);
  const schema = readSchema(env);
  const databaseUrl = readDatabaseUrl(env);
  const grpcPort = readPort(env, 'GRPC_PORT', 5000);
  const kurrent = readKurrentDb(env);
  const brokers = readBrokers(env);

  return deepFreeze({
    http: { host: readHost(env), port: readPort(env, 'PORT', 3000) },
    grpc: grpcPort === 0 ? undefined : { port: grpcPort },
    nodeId,
    dataDir,
    storage:
      databaseUrl === undefined
        ? { kind: 'pglite' as const, dataDir: join(dataDir, 'pglite'), ...(schema ? { schema } : {}) }
        : { kind: 'postgres' as const, connectionString: databaseUrl, ...(schema ? { schema } : {}) },
    eventLog:
      kurrent === undefined
        ? { kind: 'sql' as const }
        : { kind: 'kurrentdb' as const, connectionString: kurrent },
    kafka: brokers === undefined ? undefined : readKafka(env, brokers),
    trustRegistryPath: readPath(env, 'KETNOI_TRUST_REGISTRY', cwd) ?? join(dataDir, 'trust.json'),
    logLevel: readLogLevel(env),
    auth: readAuth(env),
    corsOrigins: readOrigins(env),
    commandRateLimit: readPositiveInteger(env, 'KETNOI_COMMAND_RATE_LIMIT', 600),
    httpLimits: readHttpLimits(env),
    iati: { publisherRef: readIatiPublisherRef(env, nodeId) },
  });
}

function value(env: Environment, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readPort(env: Environment, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new ConfigError(name, 'an integer from 0 to 65535', raw);
  return port;
}

function readHost(env: Environment): string {
  const raw = value(env, 'HOST');
  if (raw === undefined) return '127.0.0.1';
  const unbracketed = /^\[(.*)\]$/.exec(raw)?.[1] ?? raw;
  if (isIP(unbracketed) === 0 && !HOST_NAME.test(raw)) {
    throw new ConfigError('HOST', 'a host name or IP address without scheme or port, e.g. 127.0.0.1', raw);
  }
  return unbracketed;
}

function readNodeId(env: Environment): string {
  const raw = value(env, 'KETNOI_NODE_ID');
  if (raw === undefined) return 'vn-hue';
  if (!NODE_ID.test(raw)) {
    throw new ConfigError(
      'KETNOI_NODE_ID',
      'a node id of 2 to 63 lower-case letters, digits and dashes, e.g. vn-hue',
      raw,
    );
  }
  return raw;
}

function readPath(env: Environment, name: string, cwd: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  if (raw.includes('\0')) throw new ConfigError(name, 'a file system path', raw);
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
}

function readDatabaseUrl(env: Environment): string | undefined {
  const raw = value(env, 'DATABASE_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Never echo a connection string: it may hold a password.
    throw new ConfigError(
      'DATABASE_URL',
      'a postgres:// or postgresql:// URL, e.g. postgres://user:pass@host:5432/db',
    );
  }
  if ((url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.hostname === '') {
    throw new ConfigError(
      'DATABASE_URL',
      `a postgres:// or postgresql:// URL with a host (got scheme "${url.protocol}")`,
    );
  }
  return raw;
}

function readSchema(env: Environment): string | undefined {
  const raw = value(env, 'DATABASE_SCHEMA');
  if (raw === undefined) return undefined;
  if (!SQL_IDENTIFIER.test(raw)) {
    throw new ConfigError(
      'DATABASE_SCHEMA',
      'a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)',
      raw,
    );
  }
  return raw;
}

function readKurrentDb(env: Environment): string | undefined {
  const raw = value(env, 'KURRENTDB_CONNECTION_STRING');
  if (raw === undefined) return undefined;
  // A host is required here, not only by the client: a config error must stop the start before
  // the data dir is claimed, so it is reported even while another hub holds that dir.
  const match = /^([a-z+]+:)\/\/(?:[^@/]*@)?([^/?,]+)/.exec(raw);
  if (match === null || !KURRENTDB_SCHEMES.includes(match[1]!)) {
    throw new ConfigError(
      'KURRENTDB_CONNECTION_STRING',
      'a KurrentDB connection string starting with kurrentdb://, kurrentdb+discover://, esdb:// or esdb+discover:// and naming a host',
    );
  }
  return raw;
}

function readBrokers(env: Environment): string[] | undefined {
  const raw = value(env, 'KAFKA_BROKERS');
  if (raw === undefined) return undefined;
  const brokers = raw.split(',').map((broker) => broker.trim());
  for (const broker of brokers) {
    const match = /^(?:\[(.+)\]|([^:]+)):(\d{1,5})$/.exec(broker);
    const host = match?.[1] ?? match?.[2] ?? '';
    const port = Number(match?.[3]);
    const hostOk = match?.[1] !== undefined ? isIP(host) === 6 : isIP(host) === 4 || HOST_NAME.test(host);
    if (!match || !hostOk || !(port >= 1 && port <= 65535)) {
      throw new ConfigError(
        'KAFKA_BROKERS',
        'a comma-separated list of host:port, e.g. 127.0.0.1:9092,127.0.0.1:9093',
        raw,
      );
    }
  }
  return brokers;
}

function readKafka(env: Environment, brokers: string[]): NonNullable<KetnoiConfig['kafka']> {
  const sasl = readKafkaSasl(env);
  return {
    brokers,
    createTopics: readBoolean(env, 'KAFKA_CREATE_TOPICS', true),
    ssl: readBoolean(env, 'KAFKA_SSL', false),
    ...(sasl ? { sasl } : {}),
  };
}

/** All three or none: a half-configured login would only fail later, at the broker, less clearly. */
function readKafkaSasl(env: Environment): KafkaSasl | undefined {
  const mechanism = value(env, 'KAFKA_SASL_MECHANISM')?.toLowerCase();
  const username = value(env, 'KAFKA_SASL_USERNAME');
  const password = env.KAFKA_SASL_PASSWORD;
  if (mechanism === undefined && username === undefined && !password) return undefined;
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism ?? '')) {
    throw new ConfigError('KAFKA_SASL_MECHANISM', `one of ${KAFKA_SASL_MECHANISMS.join(', ')}`, mechanism);
  }
  if (username === undefined)
    throw new ConfigError('KAFKA_SASL_USERNAME', `set when KAFKA_SASL_MECHANISM is`);
  if (!password) throw new ConfigError('KAFKA_SASL_PASSWORD', `set when KAFKA_SASL_MECHANISM is`);
  return { mechanism: mechanism as KafkaSasl['mechanism'], username, password };
}

function readBoolean(env: Environment, name: string, fallback: boolean): boolean {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(name, 'true or false', raw);
}

function readLogLevel(env: Environment): LogLevel {
  const raw = value(env, 'LOG_LEVEL');
  if (raw === undefined) return 'info';
  const level = raw.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, raw);
  }
  return level as LogLevel;
}

// An IATI organisation identifier: registration agency and number joined by "-"
// (e.g. KR-GOV-010, XM-DAC-41114). The IATI rules forbid spaces, "/", "&", "|" and "?" in it
// because it prefixes every iati-identifier, which consumers put into URLs.
const IATI_ORG_REF = /^[A-Za-z0-9]+(?:-[A-Za-z0-9._]+)+$/;

/** Unset: a node-derived identifier under the IATI-assigned agency XI, to be replaced by the real one. */
function readIatiPublisherRef(env: Environment, nodeId: string): string {
  const raw = value(env, 'KETNOI_IATI_PUBLISHER_REF');
  if (raw === undefined) return `XI-KETNOI-${nodeId}`;
  if (!IATI_ORG_REF.test(raw) || raw.length > 100) {
    throw new ConfigError(
      'KETNOI_IATI_PUBLISHER_REF',
      'an IATI organisation identifier: agency and number joined by "-", letters, digits, "." and "_" only, e.g. KR-GOV-010',
      raw,
    );
  }
  return raw;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function readAuth(env: Environment): KetnoiConfig['auth'] {
  const jwksUrl = value(env, 'KETNOI_JWKS_URL');
  if (jwksUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(jwksUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new ConfigError('KETNOI_JWKS_URL', "an https:// URL of the identity provider's JWKS", jwksUrl);
  }
  const issuer = value(env, 'KETNOI_JWT_ISSUER');
  const audience = value(env, 'KETNOI_JWT_AUDIENCE');
  return {
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  };
}

function readOrigins(env: Environment): string[] {
  const raw = value(env, 'KETNOI_CORS_ORIGINS');
  if (raw === undefined) return [];
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    let url: URL | undefined;
    try {
      url = new URL(trimmed);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== trimmed)
      throw new ConfigError(
        'KETNOI_CORS_ORIGINS',
        'comma-separated origins such as https://hue.example.vn',
        trimmed,
      );
    return trimmed;
  });
}

function readHttpLimits(env: Environment): HttpLimits {
  const headersTimeoutMs = readSeconds(env, 'KETNOI_HTTP_HEADERS_TIMEOUT', DEFAULT_HTTP_LIMITS.headersTimeoutMs);
  const requestTimeoutMs = readSeconds(env, 'KETNOI_HTTP_REQUEST_TIMEOUT', DEFAULT_HTTP_LIMITS.requestTimeoutMs);
  // Node refuses a headers timeout longer than the request timeout: say so here, by name.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'KETNOI_HTTP_HEADERS_TIMEOUT',
      `at most KETNOI_HTTP_REQUEST_TIMEOUT (${requestTimeoutMs / 1000} s): the headers are part of the request`,
      String(headersTimeoutMs / 1000),
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: readSeconds(env, 'KETNOI_HTTP_KEEP_ALIVE_TIMEOUT', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    connectionsPerAddress: readPositiveInteger(
      env,
      'KETNOI_HTTP_CONNECTIONS_PER_ADDRESS',
      DEFAULT_HTTP_LIMITS.connectionsPerAddress,
    ),
  };
}

/** Seconds, fractions allowed (tests use half a second), as milliseconds; 0 would mean "no limit" to Node. */
function readSeconds(env: Environment, name: string, fallbackMs: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallbackMs;
  const ms = /^\d{1,5}(?:\.\d{1,3})?$/.test(raw) ? Math.round(Number(raw) * 1000) : NaN;
  if (!(ms >= 1 && ms <= 3_600_000)) {
    throw new ConfigError(name, 'a number of seconds from 0.001 to 3600, e.g. 10 or 0.5', raw);
  }
  return ms;
}

function readPositiveInteger(env: Environment, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new ConfigError(name, 'a positive integer', raw);
  return Number(raw);
}
