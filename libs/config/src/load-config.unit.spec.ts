import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadConfig, type Environment } from './load-config.js';

const CWD = '/srv/ketnoi';
const load = (env: Environment) => loadConfig(env, CWD);

/** The one line the hub prints for `env`; fails the test when the environment is accepted. */
function errorOf(env: Environment): ConfigError {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('given an empty environment, when loaded, then every default in the configuration table of the README applies', () => {
    expect(load({})).toEqual({
      http: { host: '127.0.0.1', port: 3000 },
      grpc: { port: 5000 },
      nodeId: 'vn-hue',
      dataDir: '/srv/ketnoi/data/vn-hue',
      storage: { kind: 'pglite', dataDir: '/srv/ketnoi/data/vn-hue/pglite' },
      eventLog: { kind: 'sql' },
      kafka: undefined,
      trustRegistryPath: '/srv/ketnoi/data/vn-hue/trust.json',
      logLevel: 'info',
      auth: {},
      corsOrigins: [],
      commandRateLimit: 600,
      httpLimits: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, connectionsPerAddress: 64 },
      iati: { publisherRef: 'XI-KETNOI-vn-hue' },
    });
  });

  it('given a config, when someone tries to change it, then it is frozen all the way down', () => {
    const config = load({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.storage)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('treats blank values as unset', () => {
    expect(load({ PORT: '  ', KETNOI_NODE_ID: '' }).http.port).toBe(3000);
  });

  describe('authentication and HTTP limits', () => {
    it('given an identity provider, then tokens are checked against its JWKS, issuer and audience', () => {
      expect(
        load({
          KETNOI_JWKS_URL: 'https://id.hue.gov.vn/.well-known/jwks.json',
          KETNOI_JWT_ISSUER: 'https://id.hue.gov.vn',
          KETNOI_JWT_AUDIENCE: 'ketnoi',
        }).auth,
      ).toEqual({
        jwksUrl: 'https://id.hue.gov.vn/.well-known/jwks.json',
        issuer: 'https://id.hue.gov.vn',
        audience: 'ketnoi',
      });
    });
    it.each([
      [
        { KETNOI_JWKS_URL: 'id.hue.gov.vn/jwks' },
        /^Invalid configuration: KETNOI_JWKS_URL must be an https:\/\/ URL/,
      ],
      [
        { KETNOI_CORS_ORIGINS: 'https://a.vn, hue.vn' },
        /^Invalid configuration: KETNOI_CORS_ORIGINS must be comma-separated origins/,
      ],
      [{ KETNOI_CORS_ORIGINS: 'https://a.vn/path' }, /KETNOI_CORS_ORIGINS/],
      [
        { KETNOI_COMMAND_RATE_LIMIT: '0' },
        /^Invalid configuration: KETNOI_COMMAND_RATE_LIMIT must be a positive integer/,
      ],
    ])('given %p, then it refuses naming the variable', (env, message) => {
      expect(errorOf(env).message).toMatch(message);
    });
    it('given origins, then CORS allows exactly those', () => {
      expect(
        load({ KETNOI_CORS_ORIGINS: 'https://hue.example.vn,http://localhost:5173' }).corsOrigins,
      ).toEqual(['https://hue.example.vn', 'http://localhost:5173']);
    });
  });

  describe('HTTP limits', () => {
    it('given nothing, then headers 10 s, request 30 s, keep-alive 5 s and 64 sockets per address', () => {
      expect(load({}).httpLimits).toEqual({
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        connectionsPerAddress: 64,
      });
    });
    it('given seconds with a fraction, then they are read as milliseconds', () => {
      expect(
        load({
          KETNOI_HTTP_HEADERS_TIMEOUT: '0.5',
          KETNOI_HTTP_REQUEST_TIMEOUT: '2',
          KETNOI_HTTP_KEEP_ALIVE_TIMEOUT: '1.25',
          KETNOI_HTTP_CONNECTIONS_PER_ADDRESS: '8',
        }).httpLimits,
      ).toEqual({ headersTimeoutMs: 500, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 1_250, connectionsPerAddress: 8 });
    });
    it.each([
      [{ KETNOI_HTTP_HEADERS_TIMEOUT: '0' }, /^Invalid configuration: KETNOI_HTTP_HEADERS_TIMEOUT must be a number of seconds/],
      [{ KETNOI_HTTP_REQUEST_TIMEOUT: '10s' }, /^Invalid configuration: KETNOI_HTTP_REQUEST_TIMEOUT must be a number of seconds/],
      [{ KETNOI_HTTP_KEEP_ALIVE_TIMEOUT: '-1' }, /KETNOI_HTTP_KEEP_ALIVE_TIMEOUT/],
      [{ KETNOI_HTTP_KEEP_ALIVE_TIMEOUT: '3601' }, /KETNOI_HTTP_KEEP_ALIVE_TIMEOUT/],
      [
        { KETNOI_HTTP_HEADERS_TIMEOUT: '40' },
        /^Invalid configuration: KETNOI_HTTP_HEADERS_TIMEOUT must be at most KETNOI_HTTP_REQUEST_TIMEOUT \(30 s\)/,
      ],
      [{ KETNOI_HTTP_CONNECTIONS_PER_ADDRESS: '0' }, /^Invalid configuration: KETNOI_HTTP_CONNECTIONS_PER_ADDRESS must be a positive integer/],
    ])('given %p, then it refuses naming the variable', (env, message) => {
      expect(errorOf(env).message).toMatch(message);
    });
  });

  describe('PORT', () => {
    it.each([
      ['0', 0],
      ['8080', 8080],
      ['65535', 65535],
    ])('accepts %s', (raw, port) => expect(load({ PORT: raw }).http.port).toBe(port));

    it.each(['abc', '-1', '65536', '80.5', '1e3', '0x50'])('refuses %s naming PORT', (raw) => {
      expect(errorOf({ PORT: raw }).message).toBe(
        `Invalid configuration: PORT must be an integer from 0 to 65535 (got "${raw}")`,
      );
    });
  });

  describe('HOST', () => {
    it.each(['0.0.0.0', 'localhost', 'hub.example.org', '::1'])('accepts %s', (raw) =>
      expect(load({ HOST: raw }).http.host).toBe(raw),
    );
    it('unwraps a bracketed IPv6 literal', () => expect(load({ HOST: '[::1]' }).http.host).toBe('::1'));
    it.each(['http://localhost', 'localhost:3000', 'bad host', '-x'])('refuses %s naming HOST', (raw) => {
      expect(errorOf({ HOST: raw }).message).toMatch(
        /^Invalid configuration: HOST must be a host name or IP address/,
      );
    });
  });

  describe('GRPC_PORT', () => {
    it('defaults to 5000', () => expect(load({}).grpc).toEqual({ port: 5000 }));
    it('accepts a port', () => expect(load({ GRPC_PORT: '50051' }).grpc).toEqual({ port: 50051 }));
    it('0 disables gRPC', () => expect(load({ GRPC_PORT: '0' }).grpc).toBeUndefined());
    it('refuses a non-number naming GRPC_PORT', () => {
      expect(errorOf({ GRPC_PORT: 'grpc' }).message).toBe(
        'Invalid configuration: GRPC_PORT must be an integer from 0 to 65535 (got "grpc")',
      );
    });
  });

  describe('KETNOI_NODE_ID', () => {
    it.each(['fr-nevers', 'org-koica', 'vn-cantho', 'a1'])('accepts %s', (raw) =>
      expect(load({ KETNOI_NODE_ID: raw }).nodeId).toBe(raw),
    );
    it.each(['VN-HUE', '-hue', 'h', 'vn_hue', 'vn hue', 'a'.repeat(64)])(
      'refuses %s naming KETNOI_NODE_ID',
      (raw) => {
        expect(errorOf({ KETNOI_NODE_ID: raw }).message).toMatch(
          /^Invalid configuration: KETNOI_NODE_ID must be a node id/,
        );
      },
    );
    it('names the default data dir and trust registry after the node', () => {
      const config = load({ KETNOI_NODE_ID: 'fr-nevers' });
      expect(config.dataDir).toBe('/srv/ketnoi/data/fr-nevers');
      expect(config.trustRegistryPath).toBe('/srv/ketnoi/data/fr-nevers/trust.json');
    });
  });

  describe('KETNOI_DATA_DIR', () => {
    it('resolves a relative path against the working directory', () => {
      const config = load({ KETNOI_DATA_DIR: 'var/hue' });
      expect(config.dataDir).toBe('/srv/ketnoi/var/hue');
      expect(config.storage).toEqual({ kind: 'pglite', dataDir: '/srv/ketnoi/var/hue/pglite' });
      expect(config.trustRegistryPath).toBe('/srv/ketnoi/var/hue/trust.json');
    });
    it('keeps an absolute path', () => expect(load({ KETNOI_DATA_DIR: '/tmp/x' }).dataDir).toBe('/tmp/x'));
    it('refuses a NUL byte naming KETNOI_DATA_DIR', () => {
      expect(errorOf({ KETNOI_DATA_DIR: 'a\0b' }).variable).toBe('KETNOI_DATA_DIR');
    });
  });

  describe('DATABASE_URL', () => {
    it.each(['postgres://u:p@db:5432/ketnoi', 'postgresql://db/ketnoi'])(
      'selects the PostgreSQL server for %s',
      (raw) => {
        expect(load({ DATABASE_URL: raw }).storage).toEqual({ kind: 'postgres', connectionString: raw });
      },
    );
    it.each(['mysql://db/x', 'not a url', 'postgres:///nohost'])('refuses %s naming DATABASE_URL', (raw) => {
      const error = errorOf({ DATABASE_URL: raw });
      expect(error.message).toMatch(
        /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
      );
    });
    it('never echoes the connection string, which may hold a password', () => {
      expect(errorOf({ DATABASE_URL: 'mysql://u:secret@db/x' }).message).not.toContain('secret');
    });
  });

  describe('DATABASE_SCHEMA', () => {
    it('is passed to the storage', () => {
      expect(load({ DATABASE_URL: 'postgres://db/x', DATABASE_SCHEMA: 'hue_1' }).storage).toEqual({
        kind: 'postgres',
        connectionString: 'postgres://db/x',
        schema: 'hue_1',
      });
    });
    it('refuses what is not a plain identifier', () => {
      expect(errorOf({ DATABASE_SCHEMA: 'x; drop table' }).variable).toBe('DATABASE_SCHEMA');
    });
  });

  describe('KURRENTDB_CONNECTION_STRING', () => {
    it.each(['kurrentdb://localhost:2113?tls=false', 'esdb://a:2113', 'kurrentdb+discover://c:2113'])(
      'selects KurrentDB for %s',
      (raw) =>
        expect(load({ KURRENTDB_CONNECTION_STRING: raw }).eventLog).toEqual({
          kind: 'kurrentdb',
          connectionString: raw,
        }),
    );
    it.each(['http://localhost:2113', 'localhost:2113', 'kurrentdb://?tls=false', 'esdb://'])(
      'refuses %s naming KURRENTDB_CONNECTION_STRING',
      (raw) => {
        expect(errorOf({ KURRENTDB_CONNECTION_STRING: raw }).message).toMatch(
          /^Invalid configuration: KURRENTDB_CONNECTION_STRING must be a KurrentDB connection string starting with kurrentdb:\/\//,
        );
      },
    );
  });

  describe('KAFKA_BROKERS', () => {
    it('leaves federation off when unset', () => expect(load({}).kafka).toBeUndefined());
    it('parses a comma-separated list', () => {
      expect(load({ KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9093,[::1]:9094' }).kafka).toEqual({
        brokers: ['127.0.0.1:9092', 'kafka-2:9093', '[::1]:9094'],
        createTopics: true,
        ssl: false,
      });
    });
    it("reads the node's SASL login and TLS (deploy/ grants each node its inbox by user)", () => {
      const kafka = load({
        KAFKA_BROKERS: 'kafka-1:9092',
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'vn-hue',
        KAFKA_SASL_PASSWORD: ' s3cret ',
      }).kafka;
      expect(kafka).toMatchObject({
        ssl: true,
        sasl: { mechanism: 'scram-sha-512', username: 'vn-hue', password: ' s3cret ' },
      });
    });
    it.each([
      [
        { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
        'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512',
      ],
      [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM must be one of'],
      [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME must be set'],
      [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD must be set'],
      [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL must be true or false'],
    ])('refuses a half-configured login %j, naming the variable', (env, message) => {
      expect(errorOf({ KAFKA_BROKERS: 'kafka-1:9092', ...env }).message).toContain(
        `Invalid configuration: ${message}`,
      );
    });
    it('never prints the password', () => {
      expect(
        errorOf({
          KAFKA_BROKERS: 'kafka-1:9092',
          KAFKA_SASL_MECHANISM: 'x',
          KAFKA_SASL_USERNAME: 'u',
          KAFKA_SASL_PASSWORD: 'hunter2',
        }).message,
      ).not.toContain('hunter2');
    });
    it('KAFKA_CREATE_TOPICS=false turns topic creation off (test broker, operator-made topics)', () => {
      expect(load({ KAFKA_BROKERS: 'kafka:9092', KAFKA_CREATE_TOPICS: 'false' }).kafka?.createTopics).toBe(
        false,
      );
      expect(errorOf({ KAFKA_BROKERS: 'kafka:9092', KAFKA_CREATE_TOPICS: 'no' }).message).toMatch(
        /^Invalid configuration: KAFKA_CREATE_TOPICS must be true or false/,
      );
    });
    it.each(['kafka', 'kafka:0', 'kafka:9092,', 'kafka:99999', 'kafka:9092;kafka2:9092'])(
      'refuses %s naming KAFKA_BROKERS',
      (raw) => {
        expect(errorOf({ KAFKA_BROKERS: raw }).message).toMatch(
          /^Invalid configuration: KAFKA_BROKERS must be a comma-separated list of host:port/,
        );
      },
    );
  });

  describe('KETNOI_TRUST_REGISTRY', () => {
    it('overrides the default under the data dir', () => {
      expect(load({ KETNOI_TRUST_REGISTRY: 'conf/trust.json' }).trustRegistryPath).toBe(
        '/srv/ketnoi/conf/trust.json',
      );
    });
  });

  describe('LOG_LEVEL', () => {
    it.each(['debug', 'WARN', 'silent'])('accepts %s', (raw) =>
      expect(load({ LOG_LEVEL: raw }).logLevel).toBe(raw.toLowerCase()),
    );
    it('refuses an unknown level naming LOG_LEVEL and the choices', () => {
      expect(errorOf({ LOG_LEVEL: 'verbose' }).message).toBe(
        'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
      );
    });
  });

  it('produces single-line messages only', () => {
    expect(errorOf({ PORT: 'a\nb' }).message.split('\n')).toHaveLength(1);
  });
});
