import type { INestApplication } from '@nestjs/common';
import { attachGrpcServices, protoFile, type GrpcListener, type GrpcService } from '@ketnoi/platform/grpc';

export const AGREEMENTS_GRPC_PACKAGE = 'ketnoi.agreements.v1';

export const agreementsProtoPath = (): string =>
  protoFile('ketnoi/agreements/v1/agreements.proto', import.meta.url);

/** `ketnoi.agreements.v1.Agreements`, served by AgreementsModule's gRPC controller. */
export const agreementsGrpcService = (): GrpcService => ({
  package: AGREEMENTS_GRPC_PACKAGE,
  protoPath: agreementsProtoPath(),
});

/**
 * Serves only the Agreements service on its own port (the standalone agreements service);
 * the hub serves every service on one port with `attachGrpcServices`.
 */
export function attachAgreementsGrpc(app: INestApplication, listener: GrpcListener): void {
  attachGrpcServices(app, listener, [agreementsGrpcService()]);
}
