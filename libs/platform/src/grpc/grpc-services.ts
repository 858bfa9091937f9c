import type { INestApplication } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { inCheckout } from '../checkout.js';

/** How protobuf maps to JS, for every service and every client: they must agree on it. */
export const GRPC_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: false,
  // Proto3 `optional` fields are synthetic oneofs; `true` would add a `_field` key for each.
  oneofs: false,
} as const;

/** A .proto file of the repository's `proto/` folder, wherever `moduleUrl` runs from. */
export const protoFile = (relative: string, moduleUrl: string): string => inCheckout(moduleUrl, 'proto', relative);

export interface GrpcService {
  /** The proto package, e.g. `ketnoi.agreements.v1`. */
  readonly package: string;
  readonly protoPath: string;
}

export interface GrpcListener {
  readonly port: number;
  /** @defaultValue `'127.0.0.1'` */
  readonly host?: string;
}

/**
 * Serves `services` on one gRPC port of `app` (whose modules hold their controllers). Call
 * `app.startAllMicroservices()` afterwards, before or after `listen`.
 */
export function attachGrpcServices(
  app: INestApplication,
  { port, host = '127.0.0.1' }: GrpcListener,
  services: readonly GrpcService[],
): void {
  app.connectMicroservice<GrpcOptions>({
    transport: Transport.GRPC,
    options: {
      package: services.map((s) => s.package),
      protoPath: services.map((s) => s.protoPath),
      url: `${host}:${port}`,
      loader: { ...GRPC_LOADER_OPTIONS },
    },
  });
}
