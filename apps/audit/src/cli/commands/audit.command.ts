import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeBreak, exportTrail, formatReplay, originKeys, parseAsOf, replayStream, TRAIL_FORMATS, verifyLog, type TrailFormat, type VerifyReport } from '@ketnoi/audit';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { CliError, type CliCommand } from '../cli-command.js';
import { onNode } from '../local-node.js';
import { nodeConnection, problemText } from './export-import-iati.http.js';

interface Target {
  readonly url?: string;
  readonly token?: string;
}

/**
 * `ketnoi audit verify|replay|export`: on the data dir of a stopped node (the default: the node's
 * own storage, opened read-only in practice), or on a running node through its REST API: with
 * --url, or by default when the node's own hub is running on this machine.
 */
export const auditCommand: CliCommand = (program) => {
  const audit = program.command('audit').description('prove what happened: verify the hash chains, replay, export the trail');
  const remote = (c: ReturnType<typeof audit.command>) =>
    c
      .option('--url <url>', "a running node (default: this node's data dir, or its running hub's API)")
      .option('--token <jwt>', 'auditor bearer token for --url (default: $KETNOI_TOKEN)');

  remote(audit.command('verify').description('recompute every stream hash chain and every signature; exit 1 on any break'))
    .option('--json', 'print the report as JSON')
    .action(async (options: Target & { json?: boolean }) => {
      const remote = async (target: Target) => (await getJson(target, '/v1/audit/verify')) as VerifyReport;
      const report = options.url
        ? await remote(options)
        : await onNode('audit verify', 'auditor', {
            remote,
            local: async (storage, config) => {
              const key = await loadNodeKey(config.dataDir);
              return verifyLog(storage.store, await originKeys(config.nodeId, key.privateKey, config.trustRegistryPath), { sql: storage.sql });
            },
          });
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const b of report.breaks) console.log(describeBreak(b));
        console.log(`audit verify: ${report.events} events in ${report.streams} streams, ${report.breaks.length} broken`);
      }
      if (report.breaks.length > 0) process.exitCode = 1;
    });

  remote(audit.command('replay').description("an agreement's state as of a time or position, and the events that led to it"))
    .requiredOption('--stream <streamId>', 'e.g. agreement-<uuid>')
    .requiredOption('--as-of <time|position>', 'ISO 8601 time or global position')
    .option('--json', 'print as JSON')
    .action(async (options: Target & { stream: string; asOf: string; json?: boolean }) => {
      let asOf;
      try {
        asOf = parseAsOf(options.asOf);
      } catch (error) {
        throw new CliError(`--as-of: ${(error as Error).message.replace(/^asOf: /, '')}`);
      }
      const remote = async (target: Target) => {
        const replay = await getJson(target, `/v1/audit/replay?stream=${encodeURIComponent(options.stream)}&asOf=${encodeURIComponent(options.asOf)}`);
        console.log(options.json ? JSON.stringify(replay, null, 2) : formatRemoteReplay(replay as RemoteReplay));
      };
      if (options.url) return remote(options);
      await onNode('audit replay', 'auditor', {
        remote,
        local: async (storage) => {
          const replay = await replayStream(storage.store, options.stream, asOf);
          console.log(
            options.json
              ? JSON.stringify({ ...replay, events: replay.events.map((e) => ({ ...e, globalPosition: e.globalPosition.toString() })), asOf: options.asOf }, null, 2)
              : formatReplay(replay),
          );
        },
      });
    });

  remote(audit.command('export').description('the trail (actor, node, time, correlation and causation ids), streamed'))
    .option('--from <time>', 'ISO 8601, inclusive')
    .option('--to <time>', 'ISO 8601, inclusive')
    .option('--format <format>', TRAIL_FORMATS.join(' | '), 'jsonl')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (options: Target & { from?: string; to?: string; format: string; out?: string }) => {
      if (!(TRAIL_FORMATS as readonly string[]).includes(options.format))
        throw new CliError(`--format must be one of ${TRAIL_FORMATS.join(', ')} (got ${JSON.stringify(options.format)})`);
      const range = { ...(options.from ? { from: isoOf('--from', options.from) } : {}), ...(options.to ? { to: isoOf('--to', options.to) } : {}) };
      const out = options.out ? createWriteStream(options.out) : process.stdout;
      const remote = async (target: Target) => {
        const query = new URLSearchParams({ format: options.format, ...range });
        const response = await fetchNode(target, `/v1/audit/export?${query}`);
        await pipeline(Readable.fromWeb(response.body as never), out);
      };
      if (options.url) return remote(options);
      await onNode('audit export', 'auditor', {
        remote,
        local: (storage) => pipeline(exportTrail(storage.store, range, options.format as TrailFormat), out),
      });
    });
};

function isoOf(flag: string, raw: string): string {
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) throw new CliError(`${flag} must be an ISO 8601 time (got ${JSON.stringify(raw)})`);
  return new Date(ms).toISOString();
}

interface RemoteReplay {
  streamId: string;
  asOf: string;
  state: { status: string };
  events: Array<{ revision: number; type: string; metadata: { recordedAt: string; actor: string; actorNode: string; originNode: string } }>;
}

function formatRemoteReplay(r: RemoteReplay): string {
  return formatReplay({
    streamId: r.streamId,
    asOf: parseAsOf(r.asOf),
    state: r.state as never,
    events: r.events as never,
  });
}

async function fetchNode(target: Target, path: string): Promise<Response> {
  const { url, headers } = nodeConnection(target);
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, { headers });
  } catch (error) {
    throw new CliError(`audit: cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new CliError(`audit: ${await problemText(response)}`);
  return response;
}

const getJson = async (target: Target, path: string): Promise<unknown> => (await fetchNode(target, path)).json();
