/**
 * The services a node is made of, each runnable as a process of its own (apps/agreements,
 * apps/projections, apps/federation) or all in one (apps/hub):
 * - `agreements`: everything that issues commands (REST and gRPC commands, partner flow, IATI);
 * - `projections`: the read models and everything that only reads (query API and gRPC, audit, web UI);
 * - `federation`: relay, inbound and quarantine over Kafka.
 */
export const NODE_SERVICES = ['agreements', 'projections', 'federation'] as const;

export type NodeService = (typeof NODE_SERVICES)[number];

/** Whether `services` is the whole node (the hub), which owns its data dir and creates its key. */
export const isWholeNode = (services: readonly NodeService[]): boolean => NODE_SERVICES.every((s) => services.includes(s));

/** How a process of `services` calls itself in its ready line and errors: `hub`, `agreements service`. */
export const processName = (services: readonly NodeService[]): string =>
  isWholeNode(services) ? 'hub' : `${services.join(' and ')} service`;
