import { CliError, type CliCommand } from '../cli-command.js';
import { DEMO_AGREEMENTS, DemoLoadError, loadDemo } from '../demo/index.js';
import { mintLocalToken } from '../local-token.js';

/** `ketnoi demo`: loads the seed-article agreements into a running node through its HTTP API. */
export const demoCommand: CliCommand = (program) => {
  program
    .command('demo')
    .description(
      'load the demo agreements (Huế–KOICA, Cần Thơ, Đà Nẵng–Nevers, ...) into a running node; safe to re-run',
    )
    .option('--url <url>', 'base URL of the node (default: $KETNOI_URL or http://127.0.0.1:3000)')
    .option('--token <jwt>', "bearer token for the API (default: $KETNOI_TOKEN, else an admin token from this node's key)")
    .action(async (options: { url?: string; token?: string }) => {
      const url = options.url ?? process.env.KETNOI_URL ?? 'http://127.0.0.1:3000';
      if (!/^https?:\/\/[^\s/]+/.test(url))
        throw new CliError(`--url must be an http:// or https:// URL (got ${JSON.stringify(url)})`);
      // An admin may countersign for the demo's donors, which run no node of their own.
      const token = options.token ?? process.env.KETNOI_TOKEN ?? (await mintLocalToken({ role: 'admin' }));
      try {
        const run = await loadDemo(DEMO_AGREEMENTS, {
          url,
          ...(token ? { token } : {}),
          onSkipped: (agreement, home) =>
            console.log(
              `skipped   ${agreement.key}: drafted by ${home}; load it into a node with KETNOI_NODE_ID=${home}`,
            ),
          onLoaded: (item) =>
            console.log(
              `${item.newCommands > 0 ? 'created  ' : 'unchanged'} ${item.agreementId}  ${item.stage.padEnd(8)}  ${item.title}` +
                (item.newCommands > 0 ? `  (${item.newCommands}/${item.commands} commands recorded)` : ''),
            ),
        });
        const changed = run.loaded.filter((item) => item.newCommands > 0).length;
        console.log(
          `demo: node ${run.node} at ${url} is home of ${run.loaded.length} demo agreements, ${changed} changed by this run; ${run.skipped.length} belong to other nodes`,
        );
      } catch (error) {
        if (error instanceof DemoLoadError) throw new CliError(`demo: ${error.message}`);
        throw new CliError(`demo: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
};
