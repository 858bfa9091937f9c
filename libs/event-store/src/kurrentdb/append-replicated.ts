import { WrongExpectedVersionError, type AppendStreamState, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, hashEvent } from '../hash-chain/index.js';
import {
  ChainLinkError,
  DuplicateEventIdError,
  RevisionGapError,
  type EventFromPeer,
  type RecordedEvent,
  type ReplicatedAppendOutcome,
} from '../port/index.js';
import { sameEvent, validatePeerEvent } from '../postgres/append-replicated.js';
import { toKurrentEvent } from './envelope.js';

export interface KurrentReplicaDeps {
  readonly client: KurrentDBClient;
  /** The stream's events from `fromRevision` (forwards), or its last one (backwards); [] when missing. */
  readStreamOrEmpty(
    streamId: string,
    o: { direction?: 'forwards' | 'backwards'; fromRevision?: number; maxCount?: number },
  ): Promise<RecordedEvent[]>;
  /** Tells the adapter's tail cache what the stream's last event now is. */
  remember(streamId: string, tail: { revision: number; hash: string }): void;
}

/**
 * `ReplicaStore.appendReplicated` on KurrentDB: the same checks as the PostgreSQL adapter (hash,
 * revision, chain link), then an append at the exact expected revision, so a concurrent copy is
 * refused by the server. Duplicates are found in the event's own stream (its revision slot):
 * KurrentDB has no index of event ids across streams.
 */
export async function appendReplicatedToKurrent(
  deps: KurrentReplicaDeps,
  events: readonly EventFromPeer[],
): Promise<ReplicatedAppendOutcome[]> {
  if (!Array.isArray(events) || events.length === 0) throw new TypeError('events: must be a non-empty array');
  events.forEach((e, i) => validatePeerEvent(e, `events[${i}]`));
  const outcomes: ReplicatedAppendOutcome[] = [];
  for (const e of events) outcomes.push(await appendOne(deps, e));
  return outcomes;
}

async function appendOne(deps: KurrentReplicaDeps, e: EventFromPeer): Promise<ReplicatedAppendOutcome> {
  const [atRevision] = await deps.readStreamOrEmpty(e.streamId, { fromRevision: e.revision, maxCount: 1 });
  if (atRevision?.eventId === e.eventId) {
    if (!sameEvent(atRevision, e)) throw new DuplicateEventIdError(e.eventId);
    return { outcome: 'duplicate', event: atRevision };
  }
  const m = e.metadata;
  const recomputed = hashEvent({ ...m, eventId: e.eventId, streamId: e.streamId, revision: e.revision, type: e.type, schemaVersion: e.schemaVersion, data: e.data });
  if (recomputed !== m.hash) throw new ChainLinkError(e.streamId, e.revision, 'hash', recomputed, m.hash);

  const [last] = await deps.readStreamOrEmpty(e.streamId, { direction: 'backwards', maxCount: 1 });
  const head = last ? { revision: last.revision, hash: last.metadata.hash } : { revision: -1, hash: GENESIS_HASH };
  if (e.revision !== head.revision + 1) throw new RevisionGapError(e.streamId, e.revision, head.revision + 1);
  if (m.prevHash !== head.hash) throw new ChainLinkError(e.streamId, e.revision, 'prevHash', head.hash, m.prevHash);

  const recorded = { ...e, metadata: { ...m, recordedAt: new Date().toISOString() } };
  const streamState: AppendStreamState = head.revision < 0 ? 'no_stream' : BigInt(head.revision);
  try {
    const result = await deps.client.appendToStream(e.streamId, [toKurrentEvent(recorded)], { streamState });
    const position = result.position?.commit;
    if (position === undefined) throw new Error(`KurrentDB append to ${e.streamId} returned no position`);
    deps.remember(e.streamId, { revision: e.revision, hash: m.hash });
    return { outcome: 'stored', event: { ...recorded, globalPosition: position } };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    // A concurrent delivery got there first: the same event (a duplicate) or another at this revision.
    const [raced] = await deps.readStreamOrEmpty(e.streamId, { fromRevision: e.revision, maxCount: 1 });
    if (raced && sameEvent(raced, e) && raced.eventId === e.eventId) return { outcome: 'duplicate', event: raced };
    const [now] = await deps.readStreamOrEmpty(e.streamId, { direction: 'backwards', maxCount: 1 });
    throw new RevisionGapError(e.streamId, e.revision, (now?.revision ?? -1) + 1);
  }
}
