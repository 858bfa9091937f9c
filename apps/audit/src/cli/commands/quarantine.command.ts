import { CliError, type CliCommand } from '../cli-command.js';
import { nodeConnection, problemText } from './export-import-iati.http.js';

interface QuarantinedItem {
  id: string;
  reasonCode: string;
  reason: string;
  eventId: string | null;
  streamId: string | null;
  quarantinedAt: string;
  attempts: number;
}

type Outcome =
  | { kind: 'applied'; eventId: string; followers: number }
  | { kind: 'duplicate'; eventId: string }
  | { kind: 'parked'; eventId: string; waitingFor: string }
  | { kind: 'quarantined'; id: string; code: string; reason: string };

const ID = /^[1-9][0-9]{0,17}$/;

async function call(what: string, target: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(target, init);
  } catch (error) {
    throw new CliError(`${what}: cannot reach ${new URL(target).origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new CliError(`${what}: ${await problemText(response)}`);
  return response.json();
}

const describeOutcome = (id: string, o: Outcome): string => {
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

/** `ketnoi quarantine list|retry`: the federation inbound's refused messages on a running node. */
export const quarantineCommand: CliCommand = (program) => {
  const quarantine = program.command('quarantine').description('inbox messages the federation refused: list them, retry one');
  quarantine
    .command('list')
    .description('quarantined messages, oldest first: id, reason, stream, event, time, attempts')
    .option('--after <id>', 'only messages after this quarantine id')
    .option('--limit <n>', 'at most this many (1 to 1000)', '100')
    .option('--json', 'print the API response as JSON (includes the message bytes, base64)')
    .option('--url <url>', 'base URL of the node (default: $KETNOI_URL or http://127.0.0.1:3000)')
    .option('--token <jwt>', 'bearer token for the API (default: $KETNOI_TOKEN)')
    .action(async (options: { after?: string; limit: string; json?: boolean; url?: string; token?: string }) => {
      if (options.after !== undefined && !ID.test(options.after)) throw new CliError('--after must be a quarantine id (a positive integer)');
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be an integer from 1 to 1000');
      const { url, headers } = nodeConnection(options);
      const query = new URLSearchParams({ limit: String(limit), ...(options.after ? { after: options.after } : {}) });
      const body = (await call('quarantine list', `${url}/v1/federation/quarantine?${query}`, { headers })) as {
        items: QuarantinedItem[];
        next: string | null;
      };
      if (options.json) {
        console.log(JSON.stringify(body, null, 2));
        return;
      }
      for (const q of body.items) {
        console.log([q.id, q.reasonCode, q.streamId ?? '-', q.eventId ?? '-', q.quarantinedAt, `attempts=${q.attempts}`, q.reason].join('  '));
      }
      console.log(`${body.items.length} quarantined${body.next ? `; more after ${body.next} (--after ${body.next})` : ''}`);
    });
  quarantine
    .command('retry')
    .description('run one quarantined message through the checks again (after fixing the trust registry, say)')
    .argument('<id>', 'quarantine id, from `ketnoi quarantine list`')
    .option('--url <url>', 'base URL of the node (default: $KETNOI_URL or http://127.0.0.1:3000)')
    .option('--token <jwt>', 'bearer token for the API (default: $KETNOI_TOKEN)')
    .action(async (id: string, options: { url?: string; token?: string }) => {
      if (!ID.test(id)) throw new CliError('id must be a quarantine id (a positive integer)');
      const { url, headers } = nodeConnection(options);
      const outcome = (await call('quarantine retry', `${url}/v1/federation/quarantine/${id}/retry`, { method: 'POST', headers })) as Outcome;
      console.log(describeOutcome(id, outcome));
    });
};
