import type { OpenStorage } from '@ketnoi/platform';
import { PROJECTIONS, rebuildProjection, type RebuildResult } from '@ketnoi/projections';
import { CliError, type CliCommand } from '../cli-command.js';
import { onNode } from '../local-node.js';
import { nodeConnection, problemText } from './export-import-iati.http.js';

interface RebuildOptions {
  verify?: boolean;
  url?: string;
  token?: string;
}

/**
 * `ketnoi projections rebuild [name] [--verify]`: on a stopped node's storage (configured like
 * `ketnoi start`), or on a running node through `--url`, or through the API of the node's own hub
 * when it runs on this machine (never on the storage under it: a swap there corrupts PGlite).
 * Exits 1 printing the first difference.
 */
export const projectionsCommand: CliCommand = (program) => {
  const projections = program
    .command('projections')
    .description('read models: rebuild from the event log, verify');
  projections
    .command('rebuild')
    .description(
      'rebuild read models from position 0 and swap them in; --verify compares with the live rows instead',
    )
    .argument('[name]', `one projection (${PROJECTIONS.map((p) => p.name).join(', ')}); all when omitted`)
    .option('--verify', 'compare the rebuilt rows with the live ones; exit 1 on the first difference')
    .option(
      '--url <url>',
      "a running node (else: the storage of KETNOI_DATA_DIR / DATABASE_URL, or its running hub's API)",
    )
    .option('--token <jwt>', 'bearer token for --url (default: $KETNOI_TOKEN)')
    .action(async (name: string | undefined, options: RebuildOptions) => {
      const names = name === undefined ? PROJECTIONS.map((p) => p.name) : [name];
      const unknown = names.find((n) => !PROJECTIONS.some((p) => p.name === n));
      if (unknown)
        throw new CliError(`no projection ${unknown}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
      const results =
        options.url !== undefined || process.env.KETNOI_URL !== undefined
          ? await overHttp(names, options)
          : await onNode('projections rebuild', 'admin', {
              local: (storage) => onStorage(storage, names, options.verify === true),
              remote: (target) => overHttp(names, { ...options, ...target }),
            });
      for (const result of results) {
        if (result.difference) {
          const d = result.difference;
          throw new CliError(
            `${result.projection}: rows differ at ${d.table} ${d.key}\n  live:    ${JSON.stringify(d.live)}\n  rebuilt: ${JSON.stringify(d.rebuilt)}`,
          );
        }
      }
    });
};

const report = (r: RebuildResult) =>
  console.log(
    `${r.projection}: ${r.events} events to position ${r.position}, ${
      r.swapped ? 'rebuilt and swapped in' : r.difference ? 'DIFFERS' : 'identical to the live rows'
    }`,
  );

async function onStorage(storage: OpenStorage, names: string[], verify: boolean): Promise<RebuildResult[]> {
  const results: RebuildResult[] = [];
  for (const name of names) {
    const projection = PROJECTIONS.find((p) => p.name === name)!;
    // A verdict, never a stack: an inconsistent log or an unreadable page ends the run with its reason.
    const result = await rebuildProjection(storage.sql, storage.store, projection, { verify }).catch((error: unknown) => {
      throw new CliError(`projections rebuild ${name}: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}`);
    });
    report(result);
    results.push(result);
  }
  return results;
}

async function overHttp(names: string[], options: RebuildOptions): Promise<RebuildResult[]> {
  const { url, headers } = nodeConnection(options);
  const results: RebuildResult[] = [];
  for (const name of names) {
    const target = `${url}/v1/admin/projections/${encodeURIComponent(name)}/rebuild?verify=${options.verify === true}`;
    let response: Response;
    try {
      response = await fetch(target, { method: 'POST', headers });
    } catch (error) {
      throw new CliError(
        `projections rebuild: cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) throw new CliError(`projections rebuild ${name}: ${await problemText(response)}`);
    const result = (await response.json()) as RebuildResult;
    report(result);
    results.push(result);
  }
  return results;
}
