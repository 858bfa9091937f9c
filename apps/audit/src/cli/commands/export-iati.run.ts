import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { exportIati, NothingToExportError } from '@ketnoi/iati';
import { CliError } from '../cli-command.js';
import { callHub } from '../hub-client.js';
import { onNode } from '../local-node.js';
import { cliTime } from './cli-time.js';
import type { ExportIatiOptions } from './export-iati.command.js';

export async function exportIatiFile(options: ExportIatiOptions): Promise<void> {
  const asOf = options.asOf === undefined ? undefined : cliTime('--as-of', options.asOf, 'end');
  const out = () => (options.out === undefined ? process.stdout : createWriteStream(options.out));
  await onNode('export iati', 'auditor', options, {
    local: async (storage, config) => {
      const chunks = exportIati(storage.store, {
        // The operator holds the node key: they read what the node's auditor reads.
        actor: { subject: 'ketnoi export iati', role: 'auditor', node: config.nodeId },
        publisherRef: config.iati.publisherRef,
        ...(options.node !== undefined && { node: options.node }),
        ...(asOf !== undefined && { asOf: new Date(asOf) }),
      });
      // The first chunk comes once an activity is found: an empty export fails before a file is written.
      const first = await chunks.next().catch((error: unknown) => {
        if (error instanceof NothingToExportError) throw new CliError(`export iati: ${error.message}`);
        throw error;
      });
      await pipeline(Readable.from(prepend(first.value as string, chunks)), out());
    },
    remote: async (hub) => {
      const query = new URLSearchParams();
      if (options.node !== undefined) query.set('node', options.node);
      if (asOf !== undefined) query.set('asOf', asOf);
      const response = await callHub('export iati', hub, `/v1/export/iati${query.size > 0 ? `?${query}` : ''}`);
      await pipeline(Readable.fromWeb(response.body as ReadableStream), out());
    },
  });
}

async function* prepend(first: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}
