import { join } from 'node:path';
import type { Role } from '../../../../libs/platform/src/auth/claims.js';
import { DATA_DIR_LOCK_FILE, readDataDirHolder } from '../../../../libs/platform/src/storage/data-dir-lock.js';
import { CliError } from './cli-command.js';
import { cliConfig, dataDirChosen, messageOf } from './cli-config.js';
import { mintLocalToken } from './local-token.js';
import type { NodeOptions } from './node-options.js';

/** A running hub's API and how this call authenticates to it. */
export interface HubTarget {
  readonly url: string;
  readonly token?: string;
  /** The node the hub says it is (`/health/live`). */
  readonly node?: string;
  /** Set when this CLI signed the token: the data dir whose key signed it. */
  readonly signedWith?: string;
  /** Why this call has no token, when it has none. */
  readonly noToken?: string;
}

export interface HubRequest extends NodeOptions {
  /** `audit verify`, `demo`, ...: the first word of every line it prints. */
  readonly command: string;
  /** The role of the token this CLI signs when the caller passes none. */
  readonly role: Role;
}

/**
 * The hub a command talks to, found from the same environment as the hub: `--url` or
 * $KETNOI_URL; else the URL its `hub.lock` names in the data dir ($KETNOI_DATA_DIR or
 * ./data/$KETNOI_NODE_ID); else PORT and HOST as `ketnoi start` reads them.
 */
export async function findHub(request: HubRequest): Promise<HubTarget> {
  const explicit = explicitUrl(request);
  if (explicit !== undefined) return hubAt(explicit, request);
  const config = cliConfig(request.dataDir === undefined ? {} : { dataDir: request.dataDir });
  const locked = (await readDataDirHolder(config.dataDir).catch(() => undefined))?.url;
  if (locked !== undefined) return hubAt(locked, request, config.dataDir, `named by ${join(config.dataDir, DATA_DIR_LOCK_FILE)}`);
  // PORT=0 lets the OS pick: only the lock file knows the port then, and guessing 3000 could
  // reach another node.
  if (config.http.port === 0)
    throw new CliError(
      `${request.command}: no running node: ${join(config.dataDir, DATA_DIR_LOCK_FILE)} names none and PORT=0 names no port; ` +
        'start it (`ketnoi start`) with the same KETNOI_DATA_DIR as here, or pass --url',
    );
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return hubAt(`http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`, request);
}

/** `--url`, else $KETNOI_URL, checked: undefined when neither is given. */
export function explicitUrl(options: NodeOptions): string | undefined {
  const raw = options.url ?? (process.env.KETNOI_URL?.trim() || undefined);
  if (raw === undefined) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(raw)) throw new CliError(`--url must be an http:// or https:// URL (got ${JSON.stringify(raw)})`);
  return raw.replace(/\/+$/, '');
}

/**
 * The hub at `url`, and a token for it: the caller's, else one this CLI signs for the node the hub
 * says it is (a token for another node would be refused or, worse, act as that node's partner),
 * with the key of `dataDir` when known, else the data dir that node's hub uses by default.
 */
export async function hubAt(url: string, request: HubRequest, dataDir?: string, foundHow = ''): Promise<HubTarget> {
  const token = request.token ?? (process.env.KETNOI_TOKEN?.trim() || undefined);
  if (token !== undefined) return { url, token };
  const node = await nodeAt(url, request.command, foundHow);
  const keyDir =
    dataDir ??
    (dataDirChosen(request.dataDir) || node === undefined
      ? cliConfig(request.dataDir === undefined ? {} : { dataDir: request.dataDir }).dataDir
      : cliConfig({ nodeId: node }).dataDir);
  const nodeId = node ?? cliConfig(request.dataDir === undefined ? {} : { dataDir: request.dataDir }).nodeId;
  try {
    return { url, node: nodeId, signedWith: keyDir, token: await mintLocalToken({ role: request.role, node: nodeId, dataDir: keyDir }) };
  } catch (error) {
    // No key here: the call goes without a token (a hub that needs none still answers); a hub that
    // wants one answers 401, and the reason is said then.
    if (error instanceof CliError) return { url, node: nodeId, noToken: error.message };
    throw error;
  }
}

/** The node the hub says it is; undefined for an app that serves the API without /health. */
async function nodeAt(url: string, command: string, foundHow: string): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new CliError(
      `${command}: no node answers at ${url}${foundHow ? ` (${foundHow})` : ''}: ${causeOf(error)}; ` +
        'start it (`ketnoi start`, with the same PORT, KETNOI_NODE_ID and KETNOI_DATA_DIR as here), or pass --url',
    );
  }
  const body = (await response.json().catch(() => undefined)) as { node?: unknown } | undefined;
  return typeof body?.node === 'string' ? body.node : undefined;
}

export interface CallOptions extends RequestInit {
  /** What to say when the hub does not serve the route at all (a module that is off). */
  readonly notServed?: string;
}

/** One request to the hub; every failure as one line that says what to do. */
export async function callHub(command: string, target: HubTarget, path: string, init: CallOptions = {}): Promise<Response> {
  const { notServed, ...request } = init;
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      ...request,
      headers: { ...(target.token ? { authorization: `Bearer ${target.token}` } : {}), ...(request.headers as Record<string, string> | undefined) },
    });
  } catch (error) {
    throw new CliError(`${command}: cannot reach ${target.url}: ${causeOf(error)}; is the node running? (\`ketnoi start\`), or pass --url`);
  }
  if (response.ok) return response;
  const text = await problemText(response);
  if (response.status === 404 && notServed !== undefined && /Cannot (GET|POST) /.test(text)) throw new CliError(`${command}: ${notServed}`);
  if (response.status === 401 && target.signedWith !== undefined)
    throw new CliError(
      `${command}: ${text}: the token was signed with the key in ${target.signedWith} for node ${target.node}; ` +
        "pass --data-dir of the hub's node, or --token",
    );
  if (response.status === 401 && target.noToken !== undefined) throw new CliError(`${command}: ${text}: no token was sent: ${target.noToken}`);
  if (response.status === 401) throw new CliError(`${command}: ${text}: pass a valid --token (\`ketnoi token --role ...\` on the node's machine)`);
  throw new CliError(`${command}: ${text}`);
}

export const hubJson = async <T>(command: string, target: HubTarget, path: string, init?: CallOptions): Promise<T> =>
  (await (await callHub(command, target, path, init)).json()) as T;

/** A failed response as one line: the problem's detail when it is problem+json. */
export async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  let problem: { detail?: string; title?: string; message?: string; errors?: Array<{ field: string; message: string }> };
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    return `${response.status} ${text.slice(0, 500)}`;
  }
  // Field errors name what to fix (a schema refusal's fields are elements: its detail says more).
  // Their messages may already start with the field (class-validator's $property): said once.
  const fields = problem.errors?.filter((e) => !(problem.detail ?? '').includes(`Element '${e.field}'`) && e.field !== 'body');
  if (fields !== undefined && fields.length > 0)
    return `${response.status} ${fields.map((e) => (e.message.startsWith(`${e.field} `) ? e.message : `${e.field} ${e.message}`)).join('; ')}`;
  return `${response.status} ${problem.detail ?? problem.title ?? problem.message ?? text}`;
}

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? messageOf(error);
};
