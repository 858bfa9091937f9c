import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError, type AgreementCommand } from '@ketnoi/domain';
import { WrongExpectedRevisionError } from '@ketnoi/event-store';
import { v7 as uuidv7 } from 'uuid';
import { HUE_KOICA_DRAFT } from '../testing/fixtures.js';
import { pgliteStorage } from '../testing/storage.js';
import type { TestStorage } from '../testing/agreements-test-app.js';
import { handleAgreementCommand } from './handle-agreement-command.js';

const metadata = { actor: 'officer@vn-hue', actorNode: 'vn-hue', now: '2026-11-22T10:00:00.000Z' };
const ids = (agreementId: string) => ({ agreementId, correlationId: 'corr-1', causationId: 'cause-1' });
const drafting = (agreementId: string): AgreementCommand => ({
  type: 'DraftAgreement',
  data: {
    agreementId,
    ...HUE_KOICA_DRAFT,
    themes: [...HUE_KOICA_DRAFT.themes],
    parties: [...HUE_KOICA_DRAFT.parties],
  },
  metadata,
});
const note = (text: string): AgreementCommand => ({
  type: 'RecordNote',
  data: { noteId: uuidv7(), text },
  metadata,
});

describe('handleAgreementCommand on the PGlite event store', () => {
  let storage: TestStorage;
  beforeEach(async () => {
    storage = await pgliteStorage('vn-hue');
  });
  afterEach(async () => {
    await storage.store.close();
    await storage.sql.close();
  });

  it('given no stream, when drafting, then the first event is appended with the full origin metadata', async () => {
    const agreementId = uuidv7();
    const outcome = await handleAgreementCommand(storage.store, drafting(agreementId), {
      ids: ids(agreementId),
      originNode: 'vn-hue',
    });
    expect(outcome).toMatchObject({ agreementId, revision: 0, position: expect.stringMatching(/^\d+$/) });
    const [event] = await storage.store.readStream(`agreement-${agreementId}`);
    expect(event).toMatchObject({
      type: 'AgreementDrafted',
      schemaVersion: 1,
      revision: 0,
      metadata: {
        actor: 'officer@vn-hue',
        actorNode: 'vn-hue',
        originNode: 'vn-hue',
        correlationId: 'corr-1',
        causationId: 'cause-1',
        occurredAt: '2026-11-22T10:00:00.000Z',
      },
    });
    expect(event!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(outcome.position).toBe(event!.globalPosition.toString());
  });

  it('given no stream, when a command other than draft comes, then the domain refuses it and nothing is written', async () => {
    const agreementId = uuidv7();
    await expect(
      handleAgreementCommand(storage.store, note('hello'), { ids: ids(agreementId), originNode: 'vn-hue' }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await storage.store.headPosition()).toBe(0n);
  });

  it('given a stale expected revision, then WrongExpectedRevisionError with the actual one and nothing is written', async () => {
    const agreementId = uuidv7();
    await handleAgreementCommand(storage.store, drafting(agreementId), {
      ids: ids(agreementId),
      originNode: 'vn-hue',
    });
    const error = await handleAgreementCommand(storage.store, note('late'), {
      ids: ids(agreementId),
      originNode: 'vn-hue',
      expectedRevision: 3,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect((error as WrongExpectedRevisionError).actual).toBe(0);
    expect(await storage.store.readStream(`agreement-${agreementId}`)).toHaveLength(1);
  });

  it('given the revision the client read, then the command is appended after it', async () => {
    const agreementId = uuidv7();
    await handleAgreementCommand(storage.store, drafting(agreementId), {
      ids: ids(agreementId),
      originNode: 'vn-hue',
    });
    const outcome = await handleAgreementCommand(storage.store, note('on time'), {
      ids: ids(agreementId),
      originNode: 'vn-hue',
      expectedRevision: 0,
    });
    expect(outcome.revision).toBe(1);
    expect(outcome.events.map((e) => e.type)).toEqual(['NoteRecorded']);
  });

  it('given two writers deciding on the same revision, then one append wins and the other is refused', async () => {
    const agreementId = uuidv7();
    await handleAgreementCommand(storage.store, drafting(agreementId), {
      ids: ids(agreementId),
      originNode: 'vn-hue',
    });
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((text) =>
        handleAgreementCommand(storage.store, note(text), {
          ids: ids(agreementId),
          originNode: 'vn-hue',
          expectedRevision: 0,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    }
    expect(await storage.store.readStream(`agreement-${agreementId}`)).toHaveLength(2);
  });
});
