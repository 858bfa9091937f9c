import { ExecuteAgreementCommand, readStreamOrEmpty, type ExecuteCommand } from '@ketnoi/agreements';
import { agreementStreamId, isDomainError, type DomainErrorCode } from '@ketnoi/domain';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@ketnoi/event-store';
import { endorsementRequest } from './endorsement-command.js';

/** What the home made of one endorsement. */
export type EndorsementOutcome =
  /** The home stream recorded the party's fact now (and `AgreementSigned` when it was the last signature). */
  | { readonly kind: 'recorded'; readonly events: readonly RecordedEvent[] }
  /** Recorded before: a replay, a redelivery, or (countersign) an officer signed on the party's behalf first. */
  | { readonly kind: 'already-recorded' }
  /** The domain refuses it (e.g. the terms moved on): nothing is recorded; the reason is logged and counted. */
  | { readonly kind: 'refused'; readonly code: DomainErrorCode; readonly reason: string };

export interface PartnerFlowOptions {
  readonly store: EventStore;
  /** The node's command handler (on the CommandBus in an app): the flow sends the party's commands there. */
  readonly execute: ExecuteCommand;
  /** This node: the home whose agreements the flow writes. */
  readonly nodeId: string;
  /** Checkpoint name in the store's checkpoints. @defaultValue `process-manager:partner-flow` */
  readonly subscriptionId?: string;
  /** Wait before resubscribing after a failure that is not the domain's (storage down). @defaultValue 1000 */
  readonly retryDelayMs?: number;
  /** Attempts when a local command wrote the home stream between read and append. @defaultValue 5 */
  readonly maxConflictRetries?: number;
  readonly log?: (line: string) => void;
  /** Called for every endorsement about an agreement homed here, after its outcome is final. */
  readonly onOutcome?: (endorsement: RecordedEvent, outcome: EndorsementOutcome) => void;
}

/** Refusals that mean "this fact is already on the home stream": the endorsement is done. */
const ALREADY: readonly DomainErrorCode[] = ['ALREADY_COUNTERSIGNED', 'ALREADY_REPORTED', 'ALREADY_EXISTS'];

/**
 * The home node's process manager for partner endorsements (docs/design.md, Events). Follows the
 * node's global log from its own checkpoint; for each endorsement a party wrote about an agreement
 * homed here, it issues the party's command on the home stream through the one command handler,
 * so the domain's rules decide (a countersignature for someone else is refused; the last
 * countersignature also records `AgreementSigned`, in the same append).
 *
 * Exactly once in effect: the home events carry `causationId` = the endorsement's eventId, and an
 * endorsement whose eventId already caused a home event is skipped. The checkpoint is saved after
 * the appends (once per batch of the log), so a crash in between replays those endorsements and
 * that check makes each a no-op.
 */
export class PartnerFlow {
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly subscriptionId: string;
  private readonly log: (line: string) => void;

  constructor(private readonly options: PartnerFlowOptions) {
    this.subscriptionId = options.subscriptionId ?? 'process-manager:partner-flow';
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Last global position handled (and checkpointed) by the running subscription. */
  position(): bigint | undefined {
    return this.subscription?.position();
  }

  /**
   * One event of the log: undefined when it is not an endorsement of an agreement homed here
   * (local events, replicated home streams, endorsements of agreements homed elsewhere).
   */
  async handle(event: RecordedEvent): Promise<EndorsementOutcome | undefined> {
    const request = endorsementRequest(event);
    if (!request) return undefined;
    const maxAttempts = this.options.maxConflictRetries ?? 5;
    for (let attempt = 1; ; attempt++) {
      const home = await readStreamOrEmpty(this.options.store, agreementStreamId(request.agreementId));
      if (home[0]?.metadata.originNode !== this.options.nodeId) return undefined;
      if (home.some((recorded) => recorded.metadata.causationId === event.eventId))
        return this.done(event, { kind: 'already-recorded' });
      try {
        const outcome = await this.options.execute(
          new ExecuteAgreementCommand(
            request.command,
            {
              agreementId: request.agreementId,
              correlationId: event.metadata.correlationId,
              causationId: event.eventId,
            },
            { kind: 'process', name: 'partner-flow' },
            // Decide on exactly the stream just checked for this endorsement's answer.
            home.length - 1,
          ),
        );
        return this.done(event, { kind: 'recorded', events: outcome.events });
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < maxAttempts) continue;
        if (!isDomainError(error)) throw error;
        if (ALREADY.includes(error.code)) return this.done(event, { kind: 'already-recorded' });
        this.log(
          `partner flow: ${request.command.type} by ${request.party} on agreement ${request.agreementId} ` +
            `(endorsement ${event.eventId}) refused: ${error.code}: ${error.reason}`,
        );
        return this.done(event, { kind: 'refused', code: error.code, reason: error.reason });
      }
    }
  }

  private done(event: RecordedEvent, outcome: EndorsementOutcome): EndorsementOutcome {
    this.options.onOutcome?.(event, outcome);
    return outcome;
  }

  private subscribe(): void {
    this.subscription = this.options.store.subscribeToAll({
      subscriptionId: this.subscriptionId,
      handle: async (event) => {
        await this.handle(event);
      },
      onError: (error, event) => {
        // Storage trouble, not a refusal: the subscription stopped at this event without
        // checkpointing it; start again from the checkpoint once the store may be back.
        this.log(
          `partner flow: stopped at ${event ? `position ${event.globalPosition}` : 'start'}: ` +
            `${error instanceof Error ? error.message : String(error)}; retrying in ${this.options.retryDelayMs ?? 1000} ms`,
        );
        if (this.stopped) return;
        this.retryTimer = setTimeout(() => {
          if (!this.stopped) this.subscribe();
        }, this.options.retryDelayMs ?? 1000);
      },
    });
  }
}
