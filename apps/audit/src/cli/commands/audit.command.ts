import type { CliCommand } from '../cli-command.js';
import { withNodeOptions, type NodeOptions } from '../node-options.js';

export interface VerifyOptions extends NodeOptions {
  readonly json?: boolean;
}
export interface ReplayOptions extends NodeOptions {
  readonly stream: string;
  readonly asOf: string;
  readonly json?: boolean;
}
export interface TrailOptions extends NodeOptions {
  readonly from?: string;
  readonly to?: string;
  readonly format: string;
  readonly out?: string;
}

/**
 * `ketnoi audit verify|replay|export`: on the data dir of a stopped node (the default: the node's
 * own storage), or on a running node through its REST API: with --url, or by default when the
 * node's own hub is running on this machine.
 */
export const auditCommand: CliCommand = (program) => {
  const audit = program.command('audit').description('prove what happened: verify the hash chains, replay, export the trail');
  const load = () => import('./audit.run.js');

  withNodeOptions(audit.command('verify').description('recompute every stream hash chain and every signature; exit 1 on any break'))
    .option('--json', 'print the report as JSON')
    .action(async (options: VerifyOptions) => (await load()).verify(options));

  withNodeOptions(audit.command('replay').description("an agreement's state as of a time or position, and the events that led to it"))
    .requiredOption('--stream <streamId>', 'e.g. agreement-<uuid>')
    .requiredOption('--as-of <time|position>', 'a global position, a date (2026-11-22: the end of that UTC day) or an instant with a zone')
    .option('--json', 'print as JSON')
    .action(async (options: ReplayOptions) => (await load()).replay(options));

  withNodeOptions(audit.command('export').description('the trail (actor, node, time, correlation and causation ids), streamed'))
    .option('--from <time>', 'inclusive: a date (its first instant, UTC) or an instant with a zone')
    .option('--to <time>', 'inclusive: a date (the whole day, UTC) or an instant with a zone')
    .option('--format <format>', 'jsonl | csv', 'jsonl')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (options: TrailOptions) => (await load()).exportTrailFile(options));
};
