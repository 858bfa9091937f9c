import { canAppendReplicated, type SqlQueryable } from '@ketnoi/event-store';
import { Inbound, loadTrustRegistry, QuarantineStore, type InboundOutcome, type QuarantinedMessage } from '@ketnoi/federation';
import { CliError } from '../cli-command.js';
import { messageOf } from '../cli-config.js';
import { hubJson } from '../hub-client.js';
import { onNode } from '../local-node.js';
import type { NodeOptions } from '../node-options.js';
import type { QuarantineListOptions } from './quarantine.command.js';

type Listed = Omit<QuarantinedMessage, 'message'>;

const ID = /^[1-9][0-9]{0,17}$/;
// A hub without KAFKA_BROKERS loads no federation module: its API has no quarantine route at all.
const FEDERATION_OFF =
  'federation is off on this node (it was started without KAFKA_BROKERS), so its API has no quarantine; ' +
  'start it with KAFKA_BROKERS, or stop it to read the quarantine from its data dir';
const NEVER_RAN = 'federation has never run on this node (it runs when KAFKA_BROKERS is set)';

export async function listQuarantine(options: QuarantineListOptions): Promise<void> {
  if (options.after !== undefined && !ID.test(options.after)) throw new CliError('--after must be a quarantine id (a positive integer)');
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be an integer from 1 to 1000');
  const page = { limit, ...(options.after ? { after: options.after } : {}) };
  const body = await onNode<{ items: Listed[]; next: string | null; note?: string }>('quarantine list', 'admin', options, {
    local: async (storage) => {
      if (!(await hasQuarantine(storage.sql))) return { items: [], next: null, note: NEVER_RAN };
      const items = await new QuarantineStore(storage.sql).list(page);
      return { items, next: items.length === limit ? items[items.length - 1]!.id : null };
    },
    remote: (hub) =>
      hubJson('quarantine list', hub, `/v1/federation/quarantine?${new URLSearchParams({ limit: String(limit), ...(options.after ? { after: options.after } : {}) })}`, {
        notServed: FEDERATION_OFF,
      }),
  });
  if (options.json) {
    console.log(JSON.stringify(body, null, 2));
    return;
  }
  for (const q of body.items)
    console.log([q.id, q.reasonCode, q.streamId ?? '-', q.eventId ?? '-', q.quarantinedAt, `attempts=${q.attempts}`, q.reason].join('  '));
  console.log(
    `${body.items.length} quarantined${body.next ? `; more after ${body.next} (--after ${body.next})` : ''}${body.note ? `: ${body.note}` : ''}`,
  );
}

export async function retryQuarantined(id: string, options: NodeOptions): Promise<void> {
  if (!ID.test(id)) throw new CliError('id must be a quarantine id (a positive integer)');
  const outcome = await onNode<InboundOutcome | undefined>('quarantine retry', 'admin', options, {
    // The same checks the running inbound makes (trust registry, membership, order), on the stopped node's log.
    local: async (storage, config) => {
      if (!(await hasQuarantine(storage.sql))) throw new CliError(`quarantine retry: no quarantined message ${id}: ${NEVER_RAN}`);
      if (!canAppendReplicated(storage.store)) throw new CliError('quarantine retry: the configured event log cannot store replicated events');
      const trust = await loadTrustRegistry(config.trustRegistryPath).catch((error: unknown) => {
        throw new CliError(`quarantine retry: ${messageOf(error)}`);
      });
      const inbound = new Inbound({ store: storage.store, sql: storage.sql, nodeId: config.nodeId, trust, log: (line) => void process.stderr.write(`${line}\n`) });
      return inbound.retry(id);
    },
    remote: (hub) => hubJson('quarantine retry', hub, `/v1/federation/quarantine/${id}/retry`, { method: 'POST', notServed: FEDERATION_OFF }),
  });
  if (outcome === undefined) throw new CliError(`quarantine retry: no quarantined message ${id} (\`ketnoi quarantine list\` shows them)`);
  console.log(describeOutcome(id, outcome));
}

async function hasQuarantine(sql: SqlQueryable): Promise<boolean> {
  const { rows } = await sql.query<{ t: string | null }>(`select to_regclass('federation_quarantine')::text as t`);
  return rows[0]?.t != null;
}

const describeOutcome = (id: string, o: InboundOutcome): string => {
  switch (o.kind) {
    case 'applied':
      return `${id}: applied ${o.eventId}${o.followers > 0 ? ` and ${o.followers} parked events after it` : ''}; removed from quarantine`;
    case 'duplicate':
      return `${id}: ${o.eventId} was already stored; removed from quarantine`;
    case 'parked':
      return `${id}: ${o.eventId} verified and parked, waiting for ${o.waitingFor}; removed from quarantine`;
    case 'quarantined':
      return `${id}: still refused (${o.code}): ${o.reason}`;
  }
};
