import type { CliCommand } from '../cli-command.js';

/** `ketnoi start`: the embedded hub, exactly as `npm start`, configured by the environment. */
export const startCommand: CliCommand = (program) => {
  program
    .command('start')
    .description(
      'start this node with every module in one process (configured by PORT, KETNOI_NODE_ID, DATABASE_URL, ...)',
    )
    .option('--data-dir <dir>', 'data directory (default: $KETNOI_DATA_DIR, else ./data/$KETNOI_NODE_ID)')
    .action(async (options: { dataDir?: string }) => {
      // The same composition and process entry as `npm start`, loaded only when asked for.
      const { NODE_SERVICES, runNode } = await import('@ketnoi/node/start');
      const env = options.dataDir === undefined ? process.env : { ...process.env, KETNOI_DATA_DIR: options.dataDir };
      await runNode(env, NODE_SERVICES);
    });
};
