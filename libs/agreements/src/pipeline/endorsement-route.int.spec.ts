import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError, type AgreementCommand, type CommandMetadata } from '@ketnoi/domain';
import { v7 as uuidv7 } from 'uuid';
import { pgliteStorage } from '../testing/storage.js';
import type { TestStorage } from '../testing/agreements-test-app.js';
import { handleAgreementCommand } from './handle-agreement-command.js';

// One PGlite log playing Nevers' node: the home stream is written as vn-hue would have
// (originNode vn-hue), which is what replication leaves on a partner's node.
const HUE = 'vn-hue';
const NEVERS = 'fr-nevers';
const KOICA = 'org-koica';
const by = (node: string): CommandMetadata => ({ actor: `officer@${node}`, actorNode: node, now: '2026-11-22T10:00:00.000Z' });
const parties = [
  { nodeId: HUE, name: "Thừa Thiên Huế Provincial People's Committee", role: 'PROVINCE', country: 'VN' },
  { nodeId: NEVERS, name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
  { nodeId: KOICA, name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
] as const;

describe('commands on an agreement homed on another node', () => {
  let storage: TestStorage;
  let agreementId: string;
  const run = (command: AgreementCommand, node: string, expectedRevision?: number) =>
    handleAgreementCommand(storage.store, command, {
      ids: { agreementId, correlationId: 'corr-1', causationId: uuidv7() },
      originNode: node,
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
    });
  const homeStream = () => storage.store.readStream(`agreement-${agreementId}`);
  const endorsements = () => storage.store.readStream(`endorsement-${agreementId}-${NEVERS}`);

  beforeEach(async () => {
    storage = await pgliteStorage(NEVERS);
    agreementId = uuidv7();
    await run(
      {
        type: 'DraftAgreement',
        data: { agreementId, title: 'Huế – Nevers smart heritage', kind: 'TWINNING', parties: [...parties] },
        metadata: by(HUE),
      },
      HUE,
    );
    await run({ type: 'ProposeAgreement', data: {}, metadata: by(HUE) }, HUE);
  });
  afterEach(async () => {
    await storage.store.close();
    await storage.sql.close();
  });

  it('given a proposed agreement homed at Huế, when Nevers countersigns, then only its endorsement stream records it', async () => {
    const outcome = await run({ type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) }, NEVERS);

    expect((await homeStream()).map((e) => e.type)).toEqual(['AgreementDrafted', 'AgreementProposed']);
    const [countersigned, ...rest] = await endorsements();
    expect(rest).toEqual([]);
    expect(countersigned).toMatchObject({
      streamId: `endorsement-${agreementId}-${NEVERS}`,
      revision: 0,
      type: 'AgreementCountersigned',
      data: { party: NEVERS, signedBy: `officer@${NEVERS}`, onBehalf: false },
      metadata: { actorNode: NEVERS, originNode: NEVERS, correlationId: 'corr-1' },
    });
    // The agreement's revision (the ETag) stays the home stream's.
    expect(outcome).toMatchObject({ agreementId, revision: 1, position: countersigned!.globalPosition.toString() });
  });

  it('given Nevers countersigned and the home has not answered yet, when it countersigns again, then it is refused', async () => {
    await run({ type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) }, NEVERS);
    const again = run({ type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) }, NEVERS);
    await expect(again).rejects.toMatchObject({ code: 'ALREADY_COUNTERSIGNED' });
    expect(await endorsements()).toHaveLength(1);
  });

  it('given every other party countersigned, when Nevers countersigns last, then it records no AgreementSigned (the home does)', async () => {
    await run({ type: 'CountersignAgreement', data: { party: HUE }, metadata: by(HUE) }, HUE);
    await run({ type: 'CountersignAgreement', data: { party: KOICA }, metadata: by(HUE) }, HUE);
    await run({ type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) }, NEVERS);
    expect((await endorsements()).map((e) => e.type)).toEqual(['AgreementCountersigned']);
    expect((await homeStream()).map((e) => e.type)).not.toContain('AgreementSigned');
  });

  it('given Nevers is not the home, when it countersigns for KOICA, then the domain refuses (only the home signs on behalf)', async () => {
    const onBehalf = run({ type: 'CountersignAgreement', data: { party: KOICA }, metadata: by(NEVERS) }, NEVERS);
    await expect(onBehalf).rejects.toMatchObject({ code: 'NOT_ON_BEHALF', field: 'party' });
  });

  it('given a note by Nevers, then it is an endorsement too', async () => {
    const noteId = uuidv7();
    await run({ type: 'RecordNote', data: { noteId, text: 'Nevers council approved' }, metadata: by(NEVERS) }, NEVERS);
    expect(await endorsements()).toEqual([
      expect.objectContaining({ type: 'NoteRecorded', data: { noteId, text: 'Nevers council approved' } }),
    ]);
  });

  it.each<[string, AgreementCommand['type'], object]>([
    ['propose', 'ProposeAgreement', {}],
    ['amend', 'AmendTerms', { title: 'Renamed by a partner' }],
    ['terminate', 'TerminateAgreement', { reason: 'partner decided alone' }],
  ])('when Nevers tries to %s, then it is refused with HOME_NODE_REQUIRED naming the home', async (_, type, data) => {
    const refused = run({ type, data, metadata: by(NEVERS) } as AgreementCommand, NEVERS);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'HOME_NODE_REQUIRED', reason: expect.stringContaining(HUE) });
    expect((await homeStream()).map((e) => e.type)).toEqual(['AgreementDrafted', 'AgreementProposed']);
  });

  it('given a stale If-Match for the agreement, when Nevers countersigns, then the conflict is reported as for any command', async () => {
    const stale = run({ type: 'CountersignAgreement', data: { party: NEVERS }, metadata: by(NEVERS) }, NEVERS, 0);
    await expect(stale).rejects.toMatchObject({ name: 'WrongExpectedRevisionError' });
  });
});
