import { agreementStreamId, parseAgreementStreamId, parseEndorsementStreamId } from '@ketnoi/domain';

/**
 * The two kinds of stream that federate. An agreement stream has one writer, its home; an
 * endorsement stream has one writer, the endorsing party, and is about an agreement.
 */
export type FederatedStream =
  | { readonly kind: 'agreement'; readonly agreementId: string; readonly agreementStream: string }
  | { readonly kind: 'endorsement'; readonly agreementId: string; readonly agreementStream: string; readonly endorser: string };

export function federatedStream(streamId: string): FederatedStream | undefined {
  const agreementId = parseAgreementStreamId(streamId);
  if (agreementId !== undefined) return { kind: 'agreement', agreementId, agreementStream: streamId };
  const endorsement = parseEndorsementStreamId(streamId);
  if (endorsement === undefined) return undefined;
  return {
    kind: 'endorsement',
    agreementId: endorsement.agreementId,
    agreementStream: agreementStreamId(endorsement.agreementId),
    endorser: endorsement.nodeId,
  };
}
