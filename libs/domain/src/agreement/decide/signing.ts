import { DomainError } from '../../errors.js';
import { parseNodeId } from '../../values/ids.js';
import type { ActivateAgreement, CountersignAgreement, ProposeAgreement } from '../commands.js';
import type { AgreementActivated, AgreementEvent, AgreementProposed, AgreementSigned } from '../events.js';
import { currentParties, currentParty, type AgreementRecord, type ExistingAgreement } from '../state.js';
import { factDate, notBefore, requireStatus, type Context } from './context.js';

export function propose(_command: ProposeAgreement, state: ExistingAgreement): AgreementProposed[] {
  requireStatus(state, 'ProposeAgreement', 'propose the agreement');
  return [{ type: 'AgreementProposed', data: {} }];
}

/**
 * A party countersigns the proposed terms, itself or (for a party that runs
 * no node, as many donors) through an officer of the home node on its behalf.
 * The last missing countersignature signs the agreement in the same decision,
 * so "signed" and "everyone countersigned" can never disagree.
 */
export function countersign(
  { data }: CountersignAgreement,
  state: ExistingAgreement,
  context: Context,
): AgreementEvent[] {
  requireStatus(state, 'CountersignAgreement', 'countersign');
  const party = parseNodeId(data?.party, 'party');
  const signer = currentParty(state, party);
  if (!signer) throw new DomainError('NOT_A_PARTY', `${party} is not a party to this agreement`, 'party');
  const onBehalf = context.actorNode !== party;
  // Only the home node holds the mandate to sign for a party; another partner never does.
  if (onBehalf && context.actorNode !== state.homeNode) {
    throw new DomainError(
      'NOT_ON_BEHALF',
      `${context.actorNode} may countersign only for itself; only the home node ${state.homeNode} signs on behalf of a party`,
      'party',
    );
  }
  if (signer.countersigned) {
    throw new DomainError('ALREADY_COUNTERSIGNED', `${party} has already countersigned`, 'party');
  }
  const countersigned: AgreementEvent = {
    type: 'AgreementCountersigned',
    data: { party, signedBy: context.actor, onBehalf },
  };
  return allCountersignedWithout(state, party) ? [countersigned, agreementSigned(context)] : [countersigned];
}

/** True when every current party other than `nodeId` has countersigned. */
export const allCountersignedWithout = (state: AgreementRecord, nodeId: string): boolean =>
  currentParties(state).every((p) => p.nodeId === nodeId || p.countersigned);

/** Signed on the date of the decision that completed the signatures. */
export const agreementSigned = (context: Context): AgreementSigned => ({
  type: 'AgreementSigned',
  data: { signedOn: context.today },
});

export function activate(
  { data }: ActivateAgreement,
  state: ExistingAgreement,
  context: Context,
): AgreementActivated[] {
  requireStatus(state, 'ActivateAgreement', 'activate (an agreement is activated only after it is signed)');
  const activatedOn = factDate(data?.activatedOn, 'activatedOn', context);
  notBefore(activatedOn, state.signedOn, 'activatedOn', 'the signature');
  return [{ type: 'AgreementActivated', data: { activatedOn } }];
}
