import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { executeOnStore, handleAgreementCommand } from '@ketnoi/agreements';
import type { AgreementCommand, CommandMetadata } from '@ketnoi/domain';
import {
  createPgliteSqlClient,
  openPostgresEventStore,
  type EventFromPeer,
  type PostgresEventStore,
  type RecordedEvent,
  type SqlClient,
} from '@ketnoi/event-store';
import { v7 as uuidv7 } from 'uuid';
import { PartnerFlow, type EndorsementOutcome } from './partner-flow.js';

// Three nodes' logs in one process, replicated by hand with appendReplicated (what the inbound
// does after verifying): the flow under test runs on Huế, the home.
const HUE = 'vn-hue';
const NEVERS = 'fr-nevers';
const KOICA = 'org-koica';
const parties = [
  { nodeId: HUE, name: "Thừa Thiên Huế Provincial People's Committee", role: 'PROVINCE', country: 'VN' },
  { nodeId: NEVERS, name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
  { nodeId: KOICA, name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
] as const;
const by = (node: string, day = '2026-11-22'): CommandMetadata => ({
  actor: `officer@${node}`,
  actorNode: node,
  now: `${day}T10:00:00.000Z`,
});

interface Node {
  readonly id: string;
  readonly sql: SqlClient;
  readonly store: PostgresEventStore;
}

const openNode = async (id: string): Promise<Node> => {
  const sql = await createPgliteSqlClient({});
  return { id, sql, store: await openPostgresEventStore({ sql, nodeId: id, pollIntervalMs: 10 }) };
};

const asPeerEvent = ({ globalPosition: _position, metadata, ...event }: RecordedEvent): EventFromPeer => {
  const { recordedAt: _recordedAt, ...origin } = metadata;
  return { ...event, metadata: origin };
};

/** Copies a stream to another node as the inbound would (duplicates are no-ops there too). */
const replicate = async (from: Node, to: Node, streamId: string) =>
  to.store.appendReplicated((await from.store.readStream(streamId)).map(asPeerEvent));

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('PartnerFlow on the home node (PGlite logs, endorsements replicated with appendReplicated)', () => {
  let hue: Node;
  let nevers: Node;
  let koica: Node;
  let flow: PartnerFlow;
  let agreementId: string;
  const outcomes: Array<[string, EndorsementOutcome]> = [];

  const on = (node: Node, command: AgreementCommand) =>
    handleAgreementCommand(node.store, command, {
      ids: { agreementId, correlationId: `corr-${command.type}`, causationId: uuidv7() },
      originNode: node.id,
    });
  const homeStream = () => `agreement-${agreementId}`;
  const endorsements = (node: Node) => `endorsement-${agreementId}-${node.id}`;
  const homeEvents = () => hue.store.readStream(homeStream());
  const homeTypes = async () => (await homeEvents()).map((event) => event.type);
  const shareHome = async () => {
    await replicate(hue, nevers, homeStream());
    await replicate(hue, koica, homeStream());
  };

  beforeEach(async () => {
    [hue, nevers, koica] = await Promise.all([openNode(HUE), openNode(NEVERS), openNode(KOICA)]);
    agreementId = uuidv7();
    outcomes.length = 0;
    await on(hue, {
      type: 'DraftAgreement',
      data: {
        agreementId,
        title: 'Huế – Nevers – KOICA smart heritage',
        kind: 'GRANT',
        parties: [...parties],
      },
      metadata: by(HUE),
    });
    await on(hue, { type: 'ProposeAgreement', data: {}, metadata: by(HUE) });
    await on(hue, { type: 'CountersignAgreement', data: { party: HUE }, metadata: by(HUE) });
    await shareHome();
    flow = new PartnerFlow({
      store: hue.store,
      execute: executeOnStore(hue.store, HUE),
      nodeId: HUE,
      log: () => undefined,
      onOutcome: (event, outcome) => outcomes.push([event.eventId, outcome]),
    });
    flow.start();
  });
  afterEach(async () => {
    await flow.stop();
    for (const node of [hue, nevers, koica]) {
      await node.store.close();
      await node.sql.close();
    }
  });

  it('given both partners countersign on their own nodes, then the home records their countersignatures and AgreementSigned, once', async () => {
    await on(nevers, { type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) });
    await replicate(nevers, hue, endorsements(nevers));
    await eventually(homeTypes, (types) => types.includes('AgreementCountersigned') && types.length === 4);

    await on(koica, {
      type: 'CountersignAgreement',
      data: { party: KOICA },
      metadata: by(KOICA, '2026-11-23'),
    });
    await replicate(koica, hue, endorsements(koica));
    const types = await eventually(homeTypes, (t) => t.includes('AgreementSigned'));
    expect(types).toEqual([
      'AgreementDrafted',
      'AgreementProposed',
      'AgreementCountersigned',
      'AgreementCountersigned',
      'AgreementCountersigned',
      'AgreementSigned',
    ]);

    const [nevPartner] = await nevers.store.readStream(endorsements(nevers));
    const [koicaPartner] = await koica.store.readStream(endorsements(koica));
    const [, , , nevHome, koicaHome, signed] = await homeEvents();
    // The home's events are its own (origin vn-hue), acted by the party, caused by the endorsement.
    expect(nevHome).toMatchObject({
      data: { party: NEVERS, signedBy: `officer@${NEVERS}`, onBehalf: false },
      metadata: {
        originNode: HUE,
        actorNode: NEVERS,
        causationId: nevPartner!.eventId,
        correlationId: nevPartner!.metadata.correlationId,
      },
    });
    expect(koicaHome).toMatchObject({ metadata: { actorNode: KOICA, causationId: koicaPartner!.eventId } });
    // Signed on the day the last party decided, the same on every replay.
    expect(signed).toMatchObject({
      data: { signedOn: '2026-11-23' },
      metadata: { causationId: koicaPartner!.eventId },
    });

    // The home's answer federates back: each partner sees SIGNED from the home stream.
    await shareHome();
    expect((await nevers.store.readStream(homeStream())).at(-1)!.type).toBe('AgreementSigned');
  });

  it('given an endorsement delivered twice and replayed from position 0, then the home stream does not change', async () => {
    await on(nevers, { type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) });
    await replicate(nevers, hue, endorsements(nevers));
    await eventually(homeTypes, (types) => types.length === 4);
    const before = await homeEvents();

    const redelivered = await replicate(nevers, hue, endorsements(nevers));
    expect(redelivered.map((r) => r.outcome)).toEqual(['duplicate']);
    const [endorsement] = await hue.store.readStream(endorsements(nevers));
    expect(await flow.handle(endorsement!)).toEqual({ kind: 'already-recorded' });

    // A second flow with a fresh checkpoint replays the whole log.
    const replay = new PartnerFlow({
      store: hue.store,
      execute: executeOnStore(hue.store, HUE),
      nodeId: HUE,
      subscriptionId: 'replay',
      log: () => undefined,
    });
    replay.start();
    const head = await hue.store.headPosition();
    await eventually(
      async () => replay.position() ?? 0n,
      (position) => position >= head,
    );
    await replay.stop();
    expect(await homeEvents()).toEqual(before);
  });

  it("given a countersignature already given on the party's behalf by the home, then the partner's own is done, not an error", async () => {
    await on(hue, { type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(HUE) });
    await replicate(hue, nevers, homeStream());
    // Nevers countersigned before it received the home's signature on its behalf.
    await nevers.store.appendToStream(endorsements(nevers), [countersignedEndorsement(NEVERS, NEVERS)]);
    await replicate(nevers, hue, endorsements(nevers));
    await eventually(
      async () => outcomes.length,
      (n) => n === 1,
    );
    expect(outcomes[0]![1]).toEqual({ kind: 'already-recorded' });
    expect(await homeTypes()).toEqual([
      'AgreementDrafted',
      'AgreementProposed',
      'AgreementCountersigned',
      'AgreementCountersigned',
    ]);
  });

  it('given a partner endorses a countersignature for another party, then the home refuses it and goes on with the next', async () => {
    await nevers.store.appendToStream(endorsements(nevers), [
      countersignedEndorsement(KOICA, NEVERS),
      noteEndorsement(NEVERS, 'Nevers council vote scheduled'),
    ]);
    await replicate(nevers, hue, endorsements(nevers));
    await eventually(
      async () => outcomes.length,
      (n) => n === 2,
    );
    expect(outcomes.map(([, outcome]) => outcome.kind)).toEqual(['refused', 'recorded']);
    expect(outcomes[0]![1]).toMatchObject({ code: 'NOT_ON_BEHALF' });
    expect((await homeEvents()).at(-1)).toMatchObject({
      type: 'NoteRecorded',
      data: { text: 'Nevers council vote scheduled' },
      metadata: { actorNode: NEVERS, originNode: HUE },
    });
  });

  it('given an active agreement, when Nevers reports a milestone on its node, then the home records the report by Nevers', async () => {
    await on(hue, { type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(HUE) });
    await on(hue, { type: 'CountersignAgreement', data: { party: KOICA }, metadata: by(HUE) });
    await on(hue, { type: 'ActivateAgreement', data: {}, metadata: by(HUE) });
    await on(hue, {
      type: 'PlanMilestone',
      data: { milestoneId: 'm1', title: 'Heritage data platform', dueDate: '2027-06-30' },
      metadata: by(HUE),
    });
    await replicate(hue, nevers, homeStream());
    await on(nevers, {
      type: 'ReportMilestone',
      data: { milestoneId: 'm1', outcome: 'ACHIEVED', note: 'Platform live in Nevers' },
      metadata: by(NEVERS, '2026-12-01'),
    });
    await replicate(nevers, hue, endorsements(nevers));
    const events = await eventually(homeEvents, (e) => e.at(-1)?.type === 'MilestoneReported');
    expect(events.at(-1)).toMatchObject({
      data: {
        milestoneId: 'm1',
        outcome: 'ACHIEVED',
        reportedBy: NEVERS,
        reportedOn: '2026-12-01',
        note: 'Platform live in Nevers',
      },
      metadata: { originNode: HUE, actorNode: NEVERS },
    });
  });

  it('given a partner node runs the flow too, then it leaves agreements homed elsewhere alone', async () => {
    await on(nevers, { type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) });
    const replicated = await nevers.store.readStream(homeStream());
    const onPartner = new PartnerFlow({
      store: nevers.store,
      execute: executeOnStore(nevers.store, NEVERS),
      nodeId: NEVERS,
      log: () => undefined,
    });
    const [endorsement] = await nevers.store.readStream(endorsements(nevers));
    expect(await onPartner.handle(endorsement!)).toBeUndefined();
    expect(await nevers.store.readStream(homeStream())).toEqual(replicated);
  });
});

/** An endorsement as a partner node would write it (used where the partner's own route would refuse). */
function countersignedEndorsement(party: string, node: string) {
  return {
    eventId: uuidv7(),
    type: 'AgreementCountersigned',
    schemaVersion: 1,
    data: { party, signedBy: `officer@${node}`, onBehalf: party !== node },
    metadata: endorsementMetadata(node),
  };
}

function noteEndorsement(node: string, text: string) {
  return {
    eventId: uuidv7(),
    type: 'NoteRecorded',
    schemaVersion: 1,
    data: { noteId: uuidv7(), text },
    metadata: endorsementMetadata(node),
  };
}

const endorsementMetadata = (node: string) => ({
  actor: `officer@${node}`,
  actorNode: node,
  originNode: node,
  correlationId: uuidv7(),
  causationId: uuidv7(),
  occurredAt: '2026-11-22T11:00:00.000Z',
});
