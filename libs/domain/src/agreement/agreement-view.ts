import { parseAgreementStreamId } from '../values/ids.js';
import { foldForSearch } from '../values/text.js';
import { evolve } from './evolve.js';
import { readerNodes } from './readers.js';
import { initialState, type ExistingAgreement } from './state.js';
import { upcast, type VersionedEvent } from './upcasting.js';

// The one view of an agreement: what REST, gRPC, the read models, as-of queries and the web
// client show of it, computed by the same pure functions from the same events.

/** What the view reads of a recorded event (the event store's RecordedEvent carries this and more). */
export interface RecordedAgreementEvent extends VersionedEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: bigint;
  readonly metadata: { readonly occurredAt: string };
}

/**
 * One agreement as the partnership-status read model holds it. A pure function of the
 * agreement's events (`nextStatusRow`), so the live projection, a rebuild and an as-of query all
 * compute the same row from the same events.
 */
export interface StatusRow {
  readonly agreementId: string;
  /** The folded domain state: what the next event evolves, and what the detail view shows. */
  readonly state: ExistingAgreement;
  /** Who may read it now (`readerNodes`): its home and current parties, not withdrawn ones. */
  readonly partyNodes: readonly string[];
  readonly countersigned: number;
  readonly milestonesDone: number;
  readonly milestonesTotal: number;
  readonly lastEventType: string;
  readonly lastEventAt: string;
  /** Time the agreement was drafted (its first event's occurredAt): the default sort. */
  readonly draftedAt: string;
  readonly revision: number;
  readonly position: bigint;
  /** Title (all languages), programme, themes, party names and ids, folded with `foldForSearch`. */
  readonly search: string;
}

/**
 * The row after `event`, or `prev` unchanged when the event does not concern an agreement
 * stream. Throws when an agreement event cannot be read (a newer schema, an unknown type): the
 * runner then stops the projection at that event rather than guess.
 */
export function nextStatusRow(
  prev: StatusRow | undefined,
  event: RecordedAgreementEvent,
): StatusRow | undefined {
  const agreementId = parseAgreementStreamId(event.streamId);
  if (agreementId === undefined) return prev;
  const state = evolve(prev?.state ?? initialState(), upcast(event));
  if (state.status === 'NONE') {
    throw new Error(`${event.type} at revision ${event.revision} precedes AgreementDrafted`);
  }
  return {
    agreementId,
    state,
    partyNodes: readerNodes(state),
    countersigned: state.parties.filter((p) => !p.withdrawn && p.countersigned).length,
    milestonesDone: state.milestones.filter((m) => m.status === 'REPORTED').length,
    milestonesTotal: state.milestones.length,
    lastEventType: event.type,
    lastEventAt: event.metadata.occurredAt,
    draftedAt: prev?.draftedAt ?? event.metadata.occurredAt,
    revision: event.revision,
    position: event.globalPosition,
    search: prev !== undefined && sameSearchTexts(prev.state, state) ? prev.search : searchKey(state),
  };
}

/** Folds an agreement's events (in revision order) into its row. */
export function foldStatusRow(events: Iterable<RecordedAgreementEvent>): StatusRow | undefined {
  let row: StatusRow | undefined;
  for (const event of events) row = nextStatusRow(row, event);
  return row;
}

/** `evolve` keeps the objects an event did not change, so most events leave the search text as it was. */
const sameSearchTexts = (a: ExistingAgreement, b: ExistingAgreement): boolean =>
  a.title === b.title &&
  a.titleTranslations === b.titleTranslations &&
  a.programme === b.programme &&
  a.themes === b.themes &&
  a.parties === b.parties;

function searchKey(state: ExistingAgreement): string {
  const texts = [
    state.title,
    ...Object.values(state.titleTranslations),
    state.programme ?? '',
    ...state.themes,
    ...state.parties.flatMap((p) => [p.name, p.nodeId]),
  ];
  return foldForSearch(texts.filter((t) => t !== '').join(' | '));
}

/**
 * The JSON of one agreement, live or as of a point: the folded state, plus revision and position
 * (as `GET /v1/agreements/{id}` has always answered) and the read model's summary fields.
 */
export function statusView(row: StatusRow) {
  const { agreementId, title, kind, status, parties, funding, ...rest } = row.state;
  return {
    agreementId,
    title,
    kind,
    status,
    parties,
    funding,
    ...rest,
    revision: row.revision,
    position: row.position.toString(),
    milestonesDone: row.milestonesDone,
    milestonesTotal: row.milestonesTotal,
    countersigned: row.countersigned,
    lastEvent: { type: row.lastEventType, at: row.lastEventAt },
  };
}

export type StatusView = ReturnType<typeof statusView>;
