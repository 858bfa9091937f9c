import { DomainError } from '../../errors.js';
import { parseIsoDate } from '../../values/dates.js';
import { parseOptionalText, parseText } from '../../values/text.js';
import type {
  CompleteAgreement,
  ExpireAgreement,
  RenewAgreement,
  ResumeAgreement,
  SuspendAgreement,
  TerminateAgreement,
} from '../commands.js';
import type {
  AgreementCompleted,
  AgreementExpired,
  AgreementRenewed,
  AgreementResumed,
  AgreementSuspended,
  AgreementTerminated,
} from '../events.js';
import type { ExistingAgreement } from '../state.js';
import { factDate, notBefore, requireStatus, type Context } from './context.js';
import { LONG_TEXT, REASON } from './terms.js';

export function suspend({ data }: SuspendAgreement, state: ExistingAgreement): AgreementSuspended[] {
  requireStatus(state, 'SuspendAgreement', 'suspend');
  return [{ type: 'AgreementSuspended', data: { reason: parseText(data?.reason, 'reason', REASON) } }];
}

export function resume({ data }: ResumeAgreement, state: ExistingAgreement): AgreementResumed[] {
  requireStatus(state, 'ResumeAgreement', 'resume');
  const reason = parseOptionalText(data?.reason, 'reason', REASON);
  return [{ type: 'AgreementResumed', data: reason === undefined ? {} : { reason } }];
}

/** A renewal moves the end date later; an open-ended agreement has nothing to renew. */
export function renew({ data }: RenewAgreement, state: ExistingAgreement): AgreementRenewed[] {
  requireStatus(state, 'RenewAgreement', 'renew');
  const newEndDate = parseIsoDate(data?.newEndDate, 'newEndDate');
  const reason = parseOptionalText(data.reason, 'reason', REASON);
  const previousEndDate = state.endDate;
  if (previousEndDate === undefined) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      'cannot renew an agreement without an end date',
      'newEndDate',
    );
  }
  if (newEndDate <= previousEndDate) {
    throw new DomainError(
      'DATES_OUT_OF_ORDER',
      `must be after the current end date (${previousEndDate})`,
      'newEndDate',
    );
  }
  return [
    {
      type: 'AgreementRenewed',
      data: { previousEndDate, newEndDate, ...(reason !== undefined && { reason }) },
    },
  ];
}

export function complete(
  { data }: CompleteAgreement,
  state: ExistingAgreement,
  context: Context,
): AgreementCompleted[] {
  requireStatus(state, 'CompleteAgreement', 'complete');
  const completedOn = factDate(data?.completedOn, 'completedOn', context);
  notBefore(completedOn, state.activatedOn, 'completedOn', 'the activation');
  const summary = parseOptionalText(data.summary, 'summary', LONG_TEXT);
  return [{ type: 'AgreementCompleted', data: { completedOn, ...(summary !== undefined && { summary }) } }];
}

/**
 * Any open agreement can be terminated, a negotiation that is abandoned
 * included: it needs a final state too, and TERMINATED with a reason says
 * what happened better than a draft left forever.
 */
export function terminate(
  { data }: TerminateAgreement,
  state: ExistingAgreement,
  context: Context,
): AgreementTerminated[] {
  requireStatus(state, 'TerminateAgreement', 'terminate');
  const reason = parseText(data?.reason, 'reason', REASON);
  const terminatedOn = factDate(data.terminatedOn, 'terminatedOn', context);
  notBefore(terminatedOn, 'signedOn' in state ? state.signedOn : undefined, 'terminatedOn', 'the signature');
  return [{ type: 'AgreementTerminated', data: { reason, terminatedOn } }];
}

/** Only a binding agreement expires, and only once the clock is past its end date. */
export function expire(
  _command: ExpireAgreement,
  state: ExistingAgreement,
  context: Context,
): AgreementExpired[] {
  requireStatus(state, 'ExpireAgreement', 'expire');
  if (state.endDate === undefined) {
    throw new DomainError('ILLEGAL_TRANSITION', 'an agreement without an end date never expires');
  }
  if (context.today <= state.endDate) {
    throw new DomainError(
      'NOT_YET_EXPIRED',
      `the agreement runs until ${state.endDate} (today is ${context.today})`,
    );
  }
  return [{ type: 'AgreementExpired', data: { expiredOn: context.today } }];
}
