import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  describeBreak,
  exportTrail,
  formatReplay,
  originKeys,
  replayStream,
  TRAIL_FORMATS,
  verifyLog,
  type TrailFormat,
  type VerifyReport,
} from '@ketnoi/audit';
import { parseAsOf } from '@ketnoi/platform';
import { loadNodeKey } from '@ketnoi/federation/keys';
import { CliError } from '../cli-command.js';
import { callHub, hubJson } from '../hub-client.js';
import { onNode } from '../local-node.js';
import type { ReplayOptions, TrailOptions, VerifyOptions } from './audit.command.js';
import { cliTime } from './cli-time.js';

export async function verify(options: VerifyOptions): Promise<void> {
  const report = await onNode<VerifyReport>('audit verify', 'auditor', options, {
    remote: (hub) => hubJson('audit verify', hub, '/v1/audit/verify'),
    local: async (storage, config) => {
      const key = await loadNodeKey(config.dataDir);
      return verifyLog(
        storage.store,
        await originKeys(config.nodeId, key.privateKey, config.trustRegistryPath),
        { sql: storage.sql },
      );
    },
  });
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const b of report.breaks) console.log(describeBreak(b));
    console.log(
      `audit verify: ${report.events} events in ${report.streams} streams, ${report.breaks.length} broken`,
    );
  }
  if (report.breaks.length > 0) process.exitCode = 1;
}

export async function replay(options: ReplayOptions): Promise<void> {
  if (!/^(agreement|endorsement)-[0-9a-z-]+$/.test(options.stream))
    throw new CliError(
      `--stream must be a stream id such as agreement-<uuid> (got ${JSON.stringify(options.stream)})`,
    );
  const trimmed = options.asOf.trim();
  // A time goes through the CLI's rule (its error names --as-of), then the node's one as-of rule.
  const asOfParam = /^\d+$/.test(trimmed) ? trimmed : cliTime('--as-of', options.asOf, 'end');
  const asOf = parseAsOf(asOfParam);
  if (!asOf)
    throw new CliError(
      `--as-of must be a global position of this node or a time (got ${JSON.stringify(options.asOf)})`,
    );
  await onNode('audit replay', 'auditor', options, {
    remote: async (hub) => {
      const query = new URLSearchParams({ stream: options.stream, asOf: asOfParam });
      const remote = await hubJson<RemoteReplay>('audit replay', hub, `/v1/audit/replay?${query}`);
      console.log(
        options.json
          ? JSON.stringify(remote, null, 2)
          : formatReplay({ ...remote, asOf, state: remote.state as never, events: remote.events as never }),
      );
    },
    local: async (storage) => {
      const replayed = await replayStream(storage.store, options.stream, asOf);
      console.log(
        options.json
          ? JSON.stringify(
              {
                ...replayed,
                events: replayed.events.map((e) => ({ ...e, globalPosition: e.globalPosition.toString() })),
                asOf: asOfParam,
              },
              null,
              2,
            )
          : formatReplay(replayed),
      );
    },
  });
}

export async function exportTrailFile(options: TrailOptions): Promise<void> {
  if (!(TRAIL_FORMATS as readonly string[]).includes(options.format))
    throw new CliError(
      `--format must be one of ${TRAIL_FORMATS.join(', ')} (got ${JSON.stringify(options.format)})`,
    );
  const range = {
    ...(options.from ? { from: cliTime('--from', options.from, 'start') } : {}),
    ...(options.to ? { to: cliTime('--to', options.to, 'end') } : {}),
  };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to)
    throw new CliError(`--from ${options.from} is after --to ${options.to}: nothing could match`);
  const out = () => (options.out ? createWriteStream(options.out) : process.stdout);
  await onNode('audit export', 'auditor', options, {
    remote: async (hub) => {
      const response = await callHub(
        'audit export',
        hub,
        `/v1/audit/export?${new URLSearchParams({ format: options.format, ...range })}`,
      );
      await pipeline(Readable.fromWeb(response.body as never), out());
    },
    local: (storage) => pipeline(exportTrail(storage.store, range, options.format as TrailFormat), out()),
  });
}

interface RemoteReplay {
  streamId: string;
  asOf: string;
  state: { status: string };
  events: Array<{
    revision: number;
    type: string;
    metadata: { recordedAt: string; actor: string; actorNode: string; originNode: string };
  }>;
}
