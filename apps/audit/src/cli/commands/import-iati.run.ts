import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CliError } from '../cli-command.js';
import { callHub, findHub } from '../hub-client.js';
import type { ImportIatiOptions } from './import-iati.command.js';

interface ActivityLine {
  iatiIdentifier: string;
  line: number;
  outcome: string;
  agreementId?: string;
  reason?: string;
  mapped: string[];
  leftOut: string[];
}

/**
 * Only through a running node: drafting records commands, which go through the node's command
 * path (validation, idempotency, projections, federation), never straight into a stopped log.
 */
export async function importIatiFile(file: string, options: ImportIatiOptions): Promise<void> {
  try {
    await access(file);
  } catch {
    throw new CliError(`import iati: cannot read ${file}`);
  }
  const hub = await findHub({ ...options, command: 'import iati', role: 'officer' });
  const query = options.defaultCountry === undefined ? '' : `?defaultCountry=${encodeURIComponent(options.defaultCountry)}`;
  // Streamed (chunked): the file is never held in memory here, however large.
  const response = await callHub('import iati', hub, `/v1/import/iati${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const report = (await response.json()) as { activities: ActivityLine[]; summary: Record<string, number | string> };
  for (const activity of report.activities) {
    const head = `${activity.outcome.padEnd(16)} ${activity.iatiIdentifier || '(no identifier)'} (line ${activity.line})`;
    console.log(activity.agreementId ? `${head} -> ${activity.agreementId}` : `${head}: ${activity.reason ?? ''}`);
    if (options.verbose) for (const item of activity.mapped) console.log(`    mapped    ${item}`);
    for (const item of activity.leftOut) console.log(`    left out  ${item}`);
  }
  const s = report.summary;
  console.log(
    `import iati: ${s.activities} activities: ${s.drafted} drafted, ${s.alreadyImported} already imported, ${s.skipped} skipped; ${s.commitments} commitments recorded`,
  );
}
