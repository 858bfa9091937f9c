import type { DynamicModule } from '@nestjs/common';
import type { KetnoiConfig } from '@ketnoi/config';
import { NODE_SERVICES, NodeModule, type NodeParts } from '@ketnoi/node';

export type HubParts = NodeParts;

/** Every service of a node in one process: the embedded default (NodeModule with all services). */
export const HubModule = {
  forRoot: (config: KetnoiConfig, parts: HubParts): DynamicModule => NodeModule.forRoot(config, parts, NODE_SERVICES),
};
