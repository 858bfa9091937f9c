import type { Command } from 'commander';
import type { CliCommand } from '../cli-command.js';
import { withNodeOptions, type NodeOptions } from '../node-options.js';

export interface ExportIatiOptions extends NodeOptions {
  readonly node?: string;
  readonly asOf?: string;
  readonly out?: string;
}

/** `export` groups export formats; another format may add itself to the same parent. */
export const exportParent = (program: Command): Command =>
  program.commands.find((c) => c.name() === 'export') ??
  program.command('export').description('write agreements in a standard format');

/** `ketnoi export iati`: the node's agreements as an IATI 2.03 file, from a stopped node's log or `GET /v1/export/iati`. */
export const exportIatiCommand: CliCommand = (program) => {
  withNodeOptions(
    exportParent(program)
      .command('iati')
      .description('the agreements you may read as an IATI 2.03 iati-activities file (stdout, or --out)')
      .option('--node <nodeId>', 'only agreements this node is party to')
      .option('--as-of <time>', 'the agreements as they stood then: 2025-01-01 (the end of that UTC day) or 2025-01-01T08:00:00+07:00')
      .option('--out <file>', 'write to this file instead of stdout'),
  ).action(async (options: ExportIatiOptions) => (await import('./export-iati.run.js')).exportIatiFile(options));
};
