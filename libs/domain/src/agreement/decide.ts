import { DomainError } from '../errors.js';
import type { AgreementCommand } from './commands.js';
import { contextOf } from './decide/context.js';
import { amendTerms, draft, inviteParty, withdrawParty } from './decide/drafting.js';
import { commitFunding, disburseFunds } from './decide/funding.js';
import { complete, expire, renew, resume, suspend, terminate } from './decide/lifecycle.js';
import { attachDocument, planMilestone, recordNote, reportMilestone } from './decide/records.js';
import { activate, countersign, propose } from './decide/signing.js';
import type { AgreementEvent } from './events.js';
import type { Agreement } from './state.js';
import { agreementNotFoundError } from './readers.js';

/**
 * The agreement's decider: what a command means given the agreement so far.
 * Pure: time and identity come in through the command's metadata. Validates
 * and normalises every value it records, and refuses with a DomainError
 * (code, reason, field) anything the rules forbid; nothing refused is recorded.
 * Returns no events for a command that changes nothing (an empty amendment).
 */
export function decide(command: AgreementCommand, state: Agreement): AgreementEvent[] {
  const context = contextOf(command.metadata);
  if (typeof command.data !== 'object' || command.data === null) {
    throw new DomainError('INVALID_VALUE', 'must be an object', 'data');
  }
  if (command.type === 'DraftAgreement') return draft(command, state, context);
  if (state.status === 'NONE') throw agreementNotFoundError();
  switch (command.type) {
    case 'InviteParty':
      return inviteParty(command, state);
    case 'WithdrawParty':
      return withdrawParty(command, state, context);
    case 'AmendTerms':
      return amendTerms(command, state);
    case 'ProposeAgreement':
      return propose(command, state);
    case 'CountersignAgreement':
      return countersign(command, state, context);
    case 'ActivateAgreement':
      return activate(command, state, context);
    case 'PlanMilestone':
      return planMilestone(command, state);
    case 'ReportMilestone':
      return reportMilestone(command, state, context);
    case 'CommitFunding':
      return commitFunding(command, state, context);
    case 'DisburseFunds':
      return disburseFunds(command, state, context);
    case 'SuspendAgreement':
      return suspend(command, state);
    case 'ResumeAgreement':
      return resume(command, state);
    case 'RenewAgreement':
      return renew(command, state);
    case 'CompleteAgreement':
      return complete(command, state, context);
    case 'TerminateAgreement':
      return terminate(command, state, context);
    case 'ExpireAgreement':
      return expire(command, state, context);
    case 'AttachDocument':
      return attachDocument(command, state);
    case 'RecordNote':
      return recordNote(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('INVALID_VALUE', `unknown command ${(unknown as { type: string }).type}`, 'type');
    }
  }
}
