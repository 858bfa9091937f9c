import type { Command } from 'commander';

/** How a command finds its node: the same environment as the hub, or these flags. */
export interface NodeOptions {
  readonly dataDir?: string;
  readonly url?: string;
  readonly token?: string;
}

/**
 * The three options of every command that works on a node, worded once. Defined apart from the
 * commands' implementations so `--help` loads nothing but commander.
 */
export const withNodeOptions = (command: Command): Command =>
  command
    .option('--data-dir <dir>', "the node's data directory (default: $KETNOI_DATA_DIR, else ./data/$KETNOI_NODE_ID, as for the hub)")
    .option('--url <url>', "a running node's API (default: $KETNOI_URL, else the URL in the data dir's hub.lock)")
    .option('--token <jwt>', 'bearer token for the API (default: $KETNOI_TOKEN, else one signed with the node key in the data dir)');
