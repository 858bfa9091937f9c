import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isNodeId, NODE_ID_RULE } from '../node-id.js';

/** A partner node this node accepts signed events from. */
export interface TrustedNode {
  readonly nodeId: string;
  readonly name: string;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
}

export class TrustRegistryError extends Error {
  override readonly name = 'TrustRegistryError';
  constructor(
    readonly source: string,
    /** JSON path of the offending entry, e.g. `vn-hue.publicKey`; empty for the whole file. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${source}${field ? ` ${field}` : ''}: ${reason}`);
  }
}

/** Node id -> Ed25519 public key: the only keys a signature of a replicated event may come from. */
export class TrustRegistry {
  private readonly nodes: ReadonlyMap<string, TrustedNode>;

  constructor(nodes: Iterable<TrustedNode>) {
    this.nodes = new Map([...nodes].map((node) => [node.nodeId, node]));
  }

  publicKeyOf(nodeId: string): KeyObject | undefined {
    return this.nodes.get(nodeId)?.publicKey;
  }

  get(nodeId: string): TrustedNode | undefined {
    return this.nodes.get(nodeId);
  }

  nodeIds(): string[] {
    return [...this.nodes.keys()];
  }
}

/** Reads and validates a trust registry file (`KETNOI_TRUST_REGISTRY`). */
export async function loadTrustRegistry(file: string): Promise<TrustRegistry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : `cannot read: ${(error as Error).message}`;
    throw new TrustRegistryError(file, '', reason);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TrustRegistryError(file, '', `not valid JSON: ${(error as Error).message}`);
  }
  return parseTrustRegistry(json, file);
}

/**
 * Validates `{"<nodeId>": {"name": "...", "publicKey": "-----BEGIN PUBLIC KEY-----..."}}`.
 * `source` names where it came from in error messages.
 */
export function parseTrustRegistry(json: unknown, source = 'trust registry'): TrustRegistry {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TrustRegistryError(source, '', 'must be a JSON object mapping node ids to {name, publicKey}');
  }
  const nodes: TrustedNode[] = [];
  for (const [nodeId, entry] of Object.entries(json)) {
    const at = JSON.stringify(nodeId);
    if (!isNodeId(nodeId)) throw new TrustRegistryError(source, at, `is not a node id (${NODE_ID_RULE})`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new TrustRegistryError(source, at, 'must be an object {name, publicKey}');
    }
    const { name, publicKey } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new TrustRegistryError(source, `${at}.name`, 'must be a non-empty string');
    }
    if (typeof publicKey !== 'string' || !publicKey.includes('-----BEGIN PUBLIC KEY-----')) {
      throw new TrustRegistryError(
        source,
        `${at}.publicKey`,
        'must be an SPKI PEM string (-----BEGIN PUBLIC KEY-----)',
      );
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: publicKey, format: 'pem' });
    } catch (error) {
      throw new TrustRegistryError(
        source,
        `${at}.publicKey`,
        `does not parse as a public key: ${(error as Error).message}`,
      );
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new TrustRegistryError(
        source,
        `${at}.publicKey`,
        `must be an Ed25519 key, found ${key.asymmetricKeyType ?? 'unknown'}`,
      );
    }
    nodes.push({ nodeId, name, publicKey: key, publicKeyPem: publicKey });
  }
  return new TrustRegistry(nodes);
}
