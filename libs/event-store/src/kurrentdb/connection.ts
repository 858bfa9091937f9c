import { BACKWARDS, END, KurrentDBClient } from '@kurrent/kurrentdb-client';

export interface KurrentDbConnection {
  readonly connectionString: string;
  /** `host:port` of the first endpoint, for log lines. */
  readonly address: string;
}

const SCHEMES = ['kurrentdb', 'kurrentdb+discover', 'kurrent', 'kurrent+discover', 'esdb', 'esdb+discover'];

/** Validates `KURRENTDB_CONNECTION_STRING` without connecting; the error names the variable. */
export function parseKurrentDbConnectionString(value: string | undefined): KurrentDbConnection {
  const fail = (why: string): never => {
    throw new Error(`KURRENTDB_CONNECTION_STRING is malformed: ${why}`);
  };
  if (value === undefined || value.trim() === '') return fail('empty');
  const match = /^([a-z+]+):\/\/(?:[^@/]*@)?([^/?]+)/i.exec(value.trim());
  if (!match) return fail(`expected <scheme>://host:port[?options], got "${value}"`);
  if (!SCHEMES.includes(match[1]!.toLowerCase()))
    return fail(`scheme "${match[1]}" is not one of ${SCHEMES.join(', ')}`);
  try {
    // The client's own parser, so what passes here is what the client accepts.
    // Connects lazily, so nothing is opened; dispose anyway so no channel outlives the check.
    void KurrentDBClient.connectionString(value.trim())
      .dispose()
      .catch(() => undefined);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  return { connectionString: value.trim(), address: match[2]!.split(',')[0]! };
}

/**
 * Readiness: one cheap read against the server with a deadline. Resolves true when KurrentDB
 * answers (an empty log answers too), false when it does not.
 */
export function kurrentDbReadinessProbe(client: KurrentDBClient, timeoutMs = 2000): () => Promise<boolean> {
  return async () => {
    try {
      for await (const _ of client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        deadline: timeoutMs,
      }))
        break;
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * Start-up check: an unreachable server logs one line naming KurrentDB and the address and leaves
 * readiness failing (the caller keeps `/health/ready` on the probe); it does not stop the start.
 */
export async function checkKurrentDbAtStart(
  client: KurrentDBClient,
  connection: KurrentDbConnection,
  log: (line: string) => void,
  timeoutMs = 2000,
): Promise<boolean> {
  const ok = await kurrentDbReadinessProbe(client, timeoutMs)();
  if (!ok)
    log(`KurrentDB unreachable at ${connection.address}: /health/ready stays failing until it answers`);
  return ok;
}
