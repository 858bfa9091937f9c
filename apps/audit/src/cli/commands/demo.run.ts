import { CliError } from '../cli-command.js';
import { messageOf } from '../cli-config.js';
import { DEMO_AGREEMENTS, loadDemo } from '../demo/index.js';
import { findHub } from '../hub-client.js';
import type { NodeOptions } from '../node-options.js';

export async function loadDemoData(options: NodeOptions): Promise<void> {
  // An admin may countersign for the demo's donors, which run no node of their own; the token is
  // signed for the node the hub says it is, so a vn-danang hub gets a vn-danang admin.
  const hub = await findHub({ ...options, command: 'demo', role: 'admin' });
  try {
    const run = await loadDemo(DEMO_AGREEMENTS, {
      url: hub.url,
      ...(hub.token ? { token: hub.token } : {}),
      onSkipped: (agreement, home) =>
        console.log(`skipped   ${agreement.key}: drafted by ${home}; load it into a node with KETNOI_NODE_ID=${home}`),
      onLoaded: (item) =>
        console.log(
          `${item.newCommands > 0 ? 'created  ' : 'unchanged'} ${item.agreementId}  ${item.stage.padEnd(8)}  ${item.title}` +
            (item.newCommands > 0 ? `  (${item.newCommands}/${item.commands} commands recorded)` : ''),
        ),
    });
    const changed = run.loaded.filter((item) => item.newCommands > 0).length;
    console.log(
      `demo: node ${run.node} at ${hub.url} is home of ${run.loaded.length} demo agreements, ${changed} changed by this run; ${run.skipped.length} belong to other nodes`,
    );
  } catch (error) {
    throw new CliError(`demo: ${messageOf(error)}`);
  }
}
