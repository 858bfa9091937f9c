import { DomainError } from '../../errors.js';
import { parseOptionalIsoDate } from '../../values/dates.js';
import { parseAgreementId, parseNodeId } from '../../values/ids.js';
import { parseOptionalText, parseText } from '../../values/text.js';
import type { AmendTerms, DraftAgreement, InviteParty, WithdrawParty } from '../commands.js';
import type { AgreementDrafted, AgreementEvent, PartyInvited, TermsAmended } from '../events.js';
import { currentParties, currentParty, type Agreement, type ExistingAgreement } from '../state.js';
import { requireStatus, type Context } from './context.js';
import { agreementSigned, allCountersignedWithout } from './signing.js';
import {
  checkPeriod,
  parseDescription,
  parseKind,
  parseParties,
  parseParty,
  parseProgramme,
  parseThemes,
  parseTranslations,
  REASON,
  TITLE,
} from './terms.js';

export function draft({ data }: DraftAgreement, state: Agreement, context: Context): AgreementDrafted[] {
  const agreementId = parseAgreementId(data?.agreementId, 'agreementId');
  if (state.status !== 'NONE') {
    throw new DomainError('ALREADY_EXISTS', `agreement ${agreementId} already exists`, 'agreementId');
  }
  const parties = parseParties(data.parties, 'parties');
  // The drafting node is the home: the only writer of the stream, so it must be
  // a party or it would write about an agreement it has no part in.
  if (!parties.some((p) => p.nodeId === context.actorNode)) {
    throw new DomainError(
      'HOME_NODE_REQUIRED',
      `the drafting node ${context.actorNode} must be one of the parties`,
      'parties',
    );
  }
  const startDate = parseOptionalIsoDate(data.startDate, 'startDate');
  const endDate = parseOptionalIsoDate(data.endDate, 'endDate');
  checkPeriod(startDate, endDate);
  const description = parseDescription(data.description, 'description');
  const programme = parseProgramme(data.programme, 'programme');
  return [
    {
      type: 'AgreementDrafted',
      data: {
        agreementId,
        homeNode: context.actorNode,
        title: parseText(data.title, 'title', TITLE),
        titleTranslations: parseTranslations(data.titleTranslations, 'titleTranslations'),
        ...(description !== undefined && { description }),
        kind: parseKind(data.kind, 'kind'),
        ...(programme !== undefined && { programme }),
        themes: parseThemes(data.themes, 'themes'),
        parties,
        ...(startDate !== undefined && { startDate }),
        ...(endDate !== undefined && { endDate }),
      },
    },
  ];
}

export function inviteParty({ data }: InviteParty, state: ExistingAgreement): PartyInvited[] {
  requireStatus(state, 'InviteParty', 'invite a party');
  const party = parseParty(data?.party, 'party');
  if (currentParty(state, party.nodeId)) {
    throw new DomainError('ALREADY_EXISTS', `${party.nodeId} is already a party`, 'party.nodeId');
  }
  return [{ type: 'PartyInvited', data: { party } }];
}

export function withdrawParty(
  { data }: WithdrawParty,
  state: ExistingAgreement,
  context: Context,
): AgreementEvent[] {
  requireStatus(state, 'WithdrawParty', 'withdraw a party');
  const nodeId = parseNodeId(data?.nodeId, 'nodeId');
  const reason = parseText(data.reason, 'reason', REASON);
  if (!currentParty(state, nodeId))
    throw new DomainError('NOT_A_PARTY', `${nodeId} is not a party`, 'nodeId');
  if (nodeId === state.homeNode) {
    throw new DomainError(
      'HOME_NODE_REQUIRED',
      `the home node ${nodeId} writes the agreement and cannot withdraw`,
      'nodeId',
    );
  }
  if (currentParties(state).length <= 2) {
    throw new DomainError(
      'TOO_FEW_PARTIES',
      'an agreement needs at least two parties; invite another first',
      'nodeId',
    );
  }
  // A donor's commitments are promises to the others; leaving would orphan them.
  if (state.funding.some((line) => line.donor === nodeId)) {
    throw new DomainError(
      'FUNDING_COMMITTED',
      `${nodeId} has committed funding and cannot withdraw`,
      'nodeId',
    );
  }
  const withdrawn: AgreementEvent = { type: 'PartyWithdrawn', data: { nodeId, reason } };
  // If the party who leaves was the last one missing, everyone left has signed.
  if (state.status === 'PROPOSED' && allCountersignedWithout(state, nodeId)) {
    return [withdrawn, agreementSigned(context)];
  }
  return [withdrawn];
}

/**
 * Amending terms while PROPOSED clears every countersignature: the parties
 * signed other terms, and a signature must bind to what it signed. Only the
 * terms that actually change are recorded; an amendment that changes nothing
 * records nothing (and so keeps the signatures).
 */
export function amendTerms({ data }: AmendTerms, state: ExistingAgreement): TermsAmended[] {
  requireStatus(
    state,
    'AmendTerms',
    'amend the terms (signed terms change by renewal or by an attached addendum)',
  );
  const changes: TermsAmended['data']['changes'] = {};
  const set = <K extends keyof typeof changes>(
    key: K,
    value: (typeof changes)[K],
    current: unknown,
  ): void => {
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current)) changes[key] = value;
  };
  set('title', data?.title === undefined ? undefined : parseText(data.title, 'title', TITLE), state.title);
  if (data.titleTranslations !== undefined) {
    set(
      'titleTranslations',
      parseTranslations(data.titleTranslations, 'titleTranslations'),
      state.titleTranslations,
    );
  }
  set('description', parseDescription(data.description, 'description'), state.description);
  set('kind', data.kind === undefined ? undefined : parseKind(data.kind, 'kind'), state.kind);
  set('programme', parseProgramme(data.programme, 'programme'), state.programme);
  if (data.themes !== undefined) set('themes', parseThemes(data.themes, 'themes'), state.themes);
  set('startDate', parseOptionalIsoDate(data.startDate, 'startDate'), state.startDate);
  set('endDate', parseOptionalIsoDate(data.endDate, 'endDate'), state.endDate);
  checkPeriod(changes.startDate ?? state.startDate, changes.endDate ?? state.endDate);
  const reason = parseOptionalText(data.reason, 'reason', REASON);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'TermsAmended', data: { changes, ...(reason !== undefined && { reason }) } }];
}
