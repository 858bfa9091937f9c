import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { CliError, type CliCommand } from '../cli-command.js';
import { nodeConnection, problemText } from './export-import-iati.http.js';

interface ActivityLine {
  iatiIdentifier: string;
  line: number;
  outcome: string;
  agreementId?: string;
  reason?: string;
  mapped: string[];
  leftOut: string[];
}

/** `import` groups import formats; another format may add itself to the same parent. */
export const importParent = (program: Command): Command =>
  program.commands.find((c) => c.name() === 'import') ??
  program.command('import').description('draft agreements from a file in a standard format');

/** `ketnoi import iati FILE`: drafts one agreement per activity through `POST /v1/import/iati`. */
export const importIatiCommand: CliCommand = (program) => {
  importParent(program)
    .command('iati')
    .argument('<file>', 'an IATI 2.03 iati-activities file')
    .description('draft one agreement per activity of an IATI 2.03 file; prints what was mapped and left out')
    .option('--default-country <code>', 'country of organisations the file does not place (default: VN)')
    .option('--verbose', 'list every mapped and left-out item of each activity')
    .option('--url <url>', 'base URL of the node (default: $KETNOI_URL or http://127.0.0.1:3000)')
    .option('--token <jwt>', 'bearer token for the API (default: $KETNOI_TOKEN)')
    .action(
      async (
        file: string,
        options: { defaultCountry?: string; verbose?: boolean; url?: string; token?: string },
      ) => {
        try {
          await access(file);
        } catch {
          throw new CliError(`import iati: cannot read ${file}`);
        }
        const { url, headers } = nodeConnection(options);
        const query =
          options.defaultCountry === undefined
            ? ''
            : `?defaultCountry=${encodeURIComponent(options.defaultCountry)}`;
        let response: Response;
        try {
          // Streamed (chunked): the file is never held in memory here, however large.
          response = await fetch(`${url}/v1/import/iati${query}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/xml' },
            body: Readable.toWeb(createReadStream(file)) as ReadableStream,
            duplex: 'half',
          } as RequestInit);
        } catch (error) {
          throw new CliError(
            `import iati: cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (!response.ok) throw new CliError(`import iati: ${await problemText(response)}`);
        const report = (await response.json()) as {
          activities: ActivityLine[];
          summary: Record<string, number | string>;
        };
        for (const activity of report.activities) {
          const head = `${activity.outcome.padEnd(16)} ${activity.iatiIdentifier || '(no identifier)'} (line ${activity.line})`;
          console.log(
            activity.agreementId ? `${head} -> ${activity.agreementId}` : `${head}: ${activity.reason ?? ''}`,
          );
          if (options.verbose) for (const item of activity.mapped) console.log(`    mapped    ${item}`);
          for (const item of activity.leftOut) console.log(`    left out  ${item}`);
        }
        const s = report.summary;
        console.log(
          `import iati: ${s.activities} activities: ${s.drafted} drafted, ${s.alreadyImported} already imported, ${s.skipped} skipped; ${s.commitments} commitments recorded`,
        );
      },
    );
};
