import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';

export const AGREEMENTS_GRPC_PACKAGE = 'ketnoi.agreements.v1';

const PROTO = join('proto', 'ketnoi', 'agreements', 'v1', 'agreements.proto');

/**
 * The proto file, found by walking up from this module: it sits at the repository root, and
 * this module runs from `libs/` (tests) or from `dist/libs/` (build).
 */
export function agreementsProtoPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, PROTO);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PROTO} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** How the loader maps protobuf to JS; the service and test clients must agree on it. */
export const AGREEMENTS_PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: false,
  // Proto3 `optional` fields are synthetic oneofs; `true` would add a `_field` key for each.
  oneofs: false,
} as const;

export interface AgreementsGrpcOptions {
  readonly port: number;
  /** @defaultValue `'127.0.0.1'` */
  readonly host?: string;
}

/**
 * Connects the `ketnoi.agreements.v1.Agreements` gRPC server to an app that imports
 * AgreementsModule. Call `app.startAllMicroservices()` afterwards (before or after `listen`).
 */
export function attachAgreementsGrpc(
  app: INestApplication,
  { port, host = '127.0.0.1' }: AgreementsGrpcOptions,
): void {
  app.connectMicroservice<GrpcOptions>({
    transport: Transport.GRPC,
    options: {
      package: AGREEMENTS_GRPC_PACKAGE,
      protoPath: agreementsProtoPath(),
      url: `${host}:${port}`,
      loader: { ...AGREEMENTS_PROTO_LOADER_OPTIONS },
    },
  });
}
