import type { CliCommand } from '../cli-command.js';
import { runHub } from '../../../../hub/src/run-hub.js';

/** `ketnoi start`: the embedded hub, exactly as `npm start`, configured by the environment. */
export const startCommand: CliCommand = (program) => {
  program
    .command('start')
    .description(
      'start this node with every module in one process (configured by PORT, KETNOI_NODE_ID, DATABASE_URL, ...)',
    )
    .action(async () => {
      await runHub(process.env);
    });
};
