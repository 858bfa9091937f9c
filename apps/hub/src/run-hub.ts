import type { Environment } from '@ketnoi/config';
import { NODE_SERVICES, runNode } from '@ketnoi/node/start';
import type { RunningHub } from './start-hub.js';

/** The process entry of a node with every service (`npm start`, `ketnoi start`): see `runNode`. */
export const runHub = (env: Environment = process.env): Promise<RunningHub> => runNode(env, NODE_SERVICES);
