import type { Command } from 'commander';
import type { CliCommand } from '../cli-command.js';
import { withNodeOptions, type NodeOptions } from '../node-options.js';

export interface ImportIatiOptions extends NodeOptions {
  readonly defaultCountry?: string;
  readonly verbose?: boolean;
}

/** `import` groups import formats; another format may add itself to the same parent. */
export const importParent = (program: Command): Command =>
  program.commands.find((c) => c.name() === 'import') ??
  program.command('import').description('draft agreements from a file in a standard format');

/** `ketnoi import iati FILE`: drafts one agreement per activity through `POST /v1/import/iati` of the running node. */
export const importIatiCommand: CliCommand = (program) => {
  withNodeOptions(
    importParent(program)
      .command('iati')
      .argument('<file>', 'an IATI 2.03 iati-activities file')
      .description('draft one agreement per activity of an IATI 2.03 file on the running node; prints what was mapped and left out')
      .option('--default-country <code>', 'country of organisations the file does not place (default: VN)')
      .option('--verbose', 'list every mapped and left-out item of each activity'),
  ).action(async (file: string, options: ImportIatiOptions) => (await import('./import-iati.run.js')).importIatiFile(file, options));
};
