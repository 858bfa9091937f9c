import type { Type } from '@nestjs/common';
import type { AgreementCommand, AgreementCommandType } from '@ketnoi/domain';
import type { AgreementParams } from './params.js';

/** A domain command before the edge adds who and when (`metadata`). */
export type CommandIntent = {
  [T in AgreementCommandType]: {
    readonly type: T;
    readonly data: Extract<AgreementCommand, { type: T }>['data'];
  };
}[AgreementCommandType];

/**
 * One command of the write API, described once: its route, its body (validated DTO), its path
 * parameters and how the validated request becomes the domain command. The generic REST
 * controller and the gRPC service are built from these; no slice has its own handler.
 */
export interface CommandSlice<
  Body extends object = object,
  Params extends AgreementParams = AgreementParams,
> {
  /** Path below `/v1/agreements/{agreementId}/`; the draft slice, which creates, has `''`. */
  readonly path: string;
  /** Method name of the REST controller and of the gRPC service (`Countersign`). */
  readonly rpc: string;
  readonly summary: string;
  readonly body: Type<Body>;
  readonly params: Type<Params>;
  /** Creates the agreement: no `{agreementId}` in the path, the server makes the id, 201. */
  readonly creates?: boolean;
  readonly toCommand: (body: Body, params: Params) => CommandIntent;
  /**
   * The slice's body from a gRPC request (target removed, camelCase), when its shape differs from
   * the REST body. @defaultValue the request's remaining fields
   */
  readonly fromGrpc?: (message: Record<string, unknown>) => Record<string, unknown>;
  /** Field paths of the domain command renamed to the request's (`'amount.currency': 'currency'`), longest first. */
  readonly fields?: Readonly<Record<string, string>>;
}

/**
 * A slice of any body and params, for lists of slices: the body type is a parameter of
 * `toCommand`, so no narrower common type accepts every slice.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandSlice = CommandSlice<any, any>;

/** Typed constructor for a slice (infers Body and Params from the classes given). */
export const defineCommandSlice = <Body extends object, Params extends AgreementParams>(
  slice: CommandSlice<Body, Params>,
): CommandSlice<Body, Params> => slice;

/** An empty body (`{}`); unknown fields in it are still refused. */
export class EmptyBody {}

/** Drops the keys whose value is undefined, so optional fields absent in the request stay absent in the event. */
export const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
