import { DomainError } from '../../errors.js';
import { dateOfInstant, parseInstant, parseOptionalIsoDate } from '../../values/dates.js';
import { parseNodeId } from '../../values/ids.js';
import type { CommandMetadata } from '../commands.js';
import { ALLOWED_IN, type ExistingAgreementCommandType } from '../lifecycle.js';
import { FINAL_STATUSES, type ExistingAgreement } from '../state.js';
import type { AgreementStatus, IsoDate, NodeId } from '../vocabulary.js';

/** The command's metadata, checked, with the calendar date `decide` stamps on facts. */
export interface Context {
  readonly actor: string;
  readonly actorNode: NodeId;
  readonly today: IsoDate;
}

export function contextOf(metadata: CommandMetadata): Context {
  if (typeof metadata?.actor !== 'string' || metadata.actor.trim() === '') {
    throw new DomainError('INVALID_VALUE', 'must name the acting person or system', 'metadata.actor');
  }
  const actorNode = parseNodeId(metadata.actorNode, 'metadata.actorNode');
  const now = parseInstant(metadata.now, 'metadata.now');
  return { actor: metadata.actor.trim(), actorNode, today: dateOfInstant(now) };
}

/**
 * Refuses a command the agreement's status does not allow (the lifecycle table, ALLOWED_IN),
 * saying which statuses would.
 */
export function requireStatus<C extends ExistingAgreementCommandType>(
  state: ExistingAgreement,
  command: C,
  action: string,
): asserts state is Extract<ExistingAgreement, { status: (typeof ALLOWED_IN)[C][number] }> {
  const allowed: readonly string[] = ALLOWED_IN[command];
  if (allowed.includes(state.status)) return;
  if ((FINAL_STATUSES as readonly string[]).includes(state.status)) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `cannot ${action}: the agreement is ${state.status} and accepts only notes and documents`,
    );
  }
  throw new DomainError(
    'ILLEGAL_TRANSITION',
    `cannot ${action} while the agreement is ${state.status}; allowed only when ${allowed.join(' or ')}`,
  );
}

/**
 * A date the command may give for a fact that already happened (activatedOn,
 * disbursedOn, ...). Defaults to today; a date in the future is refused,
 * because the hub records facts, not plans.
 */
export function factDate(input: unknown, field: string, context: Context): IsoDate {
  const date = parseOptionalIsoDate(input, field) ?? context.today;
  if (date > context.today) {
    throw new DomainError('DATES_OUT_OF_ORDER', `must not be after today (${context.today})`, field);
  }
  return date;
}

export function notBefore(date: IsoDate, earliest: IsoDate | undefined, field: string, what: string): void {
  if (earliest !== undefined && date < earliest) {
    throw new DomainError('DATES_OUT_OF_ORDER', `must not be before ${what} (${earliest})`, field);
  }
}
