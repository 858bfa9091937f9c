import type { CliCommand } from '../cli-command.js';
import { withNodeOptions, type NodeOptions } from '../node-options.js';

export interface RebuildOptions extends NodeOptions {
  readonly verify?: boolean;
}

/**
 * `ketnoi projections rebuild [name] [--verify]`: on a stopped node's storage (configured like
 * `ketnoi start`), or on a running node through `--url`, or through the API of the node's own hub
 * when it runs on this machine (never on the storage under it: a swap there corrupts PGlite).
 * Exits 1 naming the first difference.
 */
export const projectionsCommand: CliCommand = (program) => {
  const projections = program.command('projections').description('read models: rebuild from the event log, verify');
  withNodeOptions(
    projections
      .command('rebuild')
      .description('rebuild read models from position 0 and swap them in; --verify compares with the live rows instead')
      .argument('[name]', 'one projection (partnership-status, activity, ...); all when omitted')
      .option('--verify', 'compare the rebuilt rows with the live ones; exit 1 on the first difference'),
  ).action(async (name: string | undefined, options: RebuildOptions) => (await import('./projections.run.js')).rebuild(name, options));
};
