import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { CliError, type CliCommand } from '../cli-command.js';
import { nodeConnection, problemText } from './export-import-iati.http.js';

/** `export` groups export formats; another format may add itself to the same parent. */
export const exportParent = (program: Command): Command =>
  program.commands.find((c) => c.name() === 'export') ??
  program.command('export').description('write agreements in a standard format');

/** `ketnoi export iati`: the node's agreements as an IATI 2.03 file, streamed from `GET /v1/export/iati`. */
export const exportIatiCommand: CliCommand = (program) => {
  exportParent(program)
    .command('iati')
    .description('the agreements you may read as an IATI 2.03 iati-activities file (stdout, or --out)')
    .option('--node <nodeId>', 'only agreements this node is party to')
    .option(
      '--as-of <instant>',
      'the agreements as they stood at this ISO 8601 instant, e.g. 2025-01-01T00:00:00Z',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--url <url>', 'base URL of the node (default: $KETNOI_URL or http://127.0.0.1:3000)')
    .option('--token <jwt>', 'bearer token for the API (default: $KETNOI_TOKEN)')
    .action(async (options: { node?: string; asOf?: string; out?: string; url?: string; token?: string }) => {
      const { url, headers } = nodeConnection(options);
      const query = new URLSearchParams();
      if (options.node !== undefined) query.set('node', options.node);
      if (options.asOf !== undefined) query.set('asOf', options.asOf);
      const target = `${url}/v1/export/iati${query.size > 0 ? `?${query}` : ''}`;
      let response: Response;
      try {
        response = await fetch(target, { headers });
      } catch (error) {
        throw new CliError(
          `export iati: cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!response.ok || response.body === null)
        throw new CliError(`export iati: ${await problemText(response)}`);
      const out = options.out === undefined ? process.stdout : createWriteStream(options.out);
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), out);
    });
};
