import type { KetnoiConfig } from '@ketnoi/config';
import { NODE_SERVICES, startNode, type RunningNode, type StartNodeOptions } from '@ketnoi/node/start';

export type RunningHub = RunningNode;
export type StartHubOptions = Pick<StartNodeOptions, 'shutdownHooks'>;

/** Starts a node with every service on `config.http`; used by `main.ts`, `ketnoi start`, tests and the bench. */
export const startHub = (config: KetnoiConfig, options: StartHubOptions = {}): Promise<RunningHub> =>
  startNode(config, NODE_SERVICES, options);
