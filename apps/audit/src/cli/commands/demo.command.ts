import type { CliCommand } from '../cli-command.js';
import { withNodeOptions, type NodeOptions } from '../node-options.js';

/** `ketnoi demo`: loads the seed-article agreements into a running node through its HTTP API. */
export const demoCommand: CliCommand = (program) => {
  withNodeOptions(
    program
      .command('demo')
      .description('load the demo agreements (Huế–KOICA, Cần Thơ, Đà Nẵng–Nevers, ...) into a running node; safe to re-run'),
  ).action(async (options: NodeOptions) => (await import('./demo.run.js')).loadDemoData(options));
};
