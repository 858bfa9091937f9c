import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { AGREEMENT_EVENT_TYPES } from './events.js';
import { createUpcasting, currentSchemaVersion, upcast, type Upcaster } from './upcasting.js';

// An example evolution: NoteRecorded v1 {noteId, text} became v2 {noteId, body, language}
// and v3 added {visibility}. Only the test defines it; the code base has none yet.
const noteUpcasters: Upcaster[] = [
  {
    type: 'NoteRecorded',
    fromVersion: 2,
    upcast: (data) => ({ ...(data as object), visibility: 'PARTIES' }),
  },
  {
    type: 'NoteRecorded',
    fromVersion: 1,
    upcast: (data) => {
      const { text, ...rest } = data as { noteId: string; text: string };
      return { ...rest, body: text, language: 'vi' };
    },
  },
];

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('upcasting', () => {
  it('is at version 1 for every agreement event today, and passes them through', () => {
    expect(AGREEMENT_EVENT_TYPES.map(currentSchemaVersion)).toEqual(AGREEMENT_EVENT_TYPES.map(() => 1));
    const data = { noteId: 'n1', text: 'Xin chào' };
    expect(upcast({ type: 'NoteRecorded', schemaVersion: 1, data })).toEqual({ type: 'NoteRecorded', data });
  });

  it('upcasts older versions step by step to the current one', () => {
    const upcasting = createUpcasting(noteUpcasters);
    expect(upcasting.currentSchemaVersion('NoteRecorded')).toBe(3);
    expect(upcasting.currentSchemaVersion('AgreementDrafted')).toBe(1);
    expect(
      upcasting.upcast({ type: 'NoteRecorded', schemaVersion: 1, data: { noteId: 'n1', text: 'Xin chào' } }),
    ).toEqual({
      type: 'NoteRecorded',
      data: { noteId: 'n1', body: 'Xin chào', language: 'vi', visibility: 'PARTIES' },
    });
    expect(
      upcasting.upcast({
        type: 'NoteRecorded',
        schemaVersion: 2,
        data: { noteId: 'n1', body: 'Hi', language: 'en' },
      }).data,
    ).toEqual({
      noteId: 'n1',
      body: 'Hi',
      language: 'en',
      visibility: 'PARTIES',
    });
    const current = { noteId: 'n1', body: 'Hi', language: 'en', visibility: 'HOME' };
    expect(upcasting.upcast({ type: 'NoteRecorded', schemaVersion: 3, data: current }).data).toBe(current);
  });

  it('refuses versions newer than it knows, and nonsense versions', () => {
    const upcasting = createUpcasting(noteUpcasters);
    const newer = refusal(() => upcasting.upcast({ type: 'NoteRecorded', schemaVersion: 4, data: {} }));
    expect([newer.code, newer.field]).toEqual(['UNSUPPORTED_SCHEMA_VERSION', 'schemaVersion']);
    expect(refusal(() => upcast({ type: 'AgreementDrafted', schemaVersion: 2, data: {} })).code).toBe(
      'UNSUPPORTED_SCHEMA_VERSION',
    );
    expect(refusal(() => upcast({ type: 'AgreementDrafted', schemaVersion: 0, data: {} })).field).toBe(
      'schemaVersion',
    );
    expect(refusal(() => upcast({ type: 'CoffeeBrewed', schemaVersion: 1, data: {} })).field).toBe('type');
  });

  it('refuses a registry with a gap, at construction', () => {
    expect(() => createUpcasting([{ type: 'NoteRecorded', fromVersion: 2, upcast: (d) => d }])).toThrow(
      /no gaps/,
    );
  });
});
