import type { CliCommand } from '../cli-command.js';
import { withNodeOptions, type NodeOptions } from '../node-options.js';

export interface QuarantineListOptions extends NodeOptions {
  readonly after?: string;
  readonly limit: string;
  readonly json?: boolean;
}

/** `ketnoi quarantine list|retry`: the federation inbound's refused messages, on a stopped node or a running one. */
export const quarantineCommand: CliCommand = (program) => {
  const quarantine = program.command('quarantine').description('inbox messages the federation refused: list them, retry one');
  withNodeOptions(
    quarantine
      .command('list')
      .description('quarantined messages, oldest first: id, reason, stream, event, time, attempts')
      .option('--after <id>', 'only messages after this quarantine id')
      .option('--limit <n>', 'at most this many (1 to 1000)', '100')
      .option('--json', 'print the API response as JSON (includes the message bytes, base64)'),
  ).action(async (options: QuarantineListOptions) => (await import('./quarantine.run.js')).listQuarantine(options));
  withNodeOptions(
    quarantine
      .command('retry')
      .description('run one quarantined message through the checks again (after fixing the trust registry, say)')
      .argument('<id>', 'quarantine id, from `ketnoi quarantine list`'),
  ).action(async (id: string, options: NodeOptions) => (await import('./quarantine.run.js')).retryQuarantined(id, options));
};
