import { describe, expect, it } from '@jest/globals';
import { command, drafted, given, history, HUE, KOICA, metadata } from '../../testing/index.js';
import type { AgreementEvent } from '../events.js';

const planned: AgreementEvent = {
  type: 'MilestonePlanned',
  data: { milestoneId: 'm1', title: 'Digital twin of the Citadel', dueDate: '2023-06-30' },
};
const report = (node = KOICA, outcome: 'ACHIEVED' | 'MISSED' = 'ACHIEVED') =>
  command(
    'ReportMilestone',
    { milestoneId: 'm1', outcome, reportedOn: '2023-07-01', note: 'Delivered.' },
    metadata(node),
  );

describe('PlanMilestone', () => {
  it('plans a milestone with a unique id', () => {
    given([drafted])
      .when(
        command('PlanMilestone', {
          milestoneId: 'm1',
          title: ' Digital twin of the Citadel ',
          dueDate: '2023-06-30',
        }),
      )
      .then([planned]);
    given([drafted, planned])
      .when(command('PlanMilestone', { milestoneId: 'm1', title: 'Again', dueDate: '2023-06-30' }))
      .thenThrows('ALREADY_EXISTS', 'milestoneId');
  });

  it('needs a real due date and a title', () => {
    given([drafted])
      .when(command('PlanMilestone', { milestoneId: 'm2', title: 'x', dueDate: '2023-02-29' }))
      .thenThrows('INVALID_VALUE', 'dueDate');
    given([drafted])
      .when(command('PlanMilestone', { milestoneId: 'm2', title: '', dueDate: '2023-02-28' }))
      .thenThrows('INVALID_VALUE', 'title');
    given([drafted])
      .when(command('PlanMilestone', { milestoneId: 'm 2', title: 'x', dueDate: '2023-02-28' }))
      .thenThrows('INVALID_VALUE', 'milestoneId');
  });
});

describe('ReportMilestone', () => {
  it('records a report by a party', () => {
    given([...history.active(), planned])
      .when(report())
      .then([
        {
          type: 'MilestoneReported',
          data: {
            milestoneId: 'm1',
            outcome: 'ACHIEVED',
            reportedBy: KOICA,
            reportedOn: '2023-07-01',
            note: 'Delivered.',
          },
        },
      ]);
  });

  it('reports only planned milestones, once', () => {
    given(history.active()).when(report()).thenThrows('NOT_FOUND', 'milestoneId');
    const reportedByHue: AgreementEvent = {
      type: 'MilestoneReported',
      data: { milestoneId: 'm1', outcome: 'ACHIEVED', reportedBy: HUE, reportedOn: '2023-07-01' },
    };
    const reported = [...history.active(), planned, reportedByHue];
    given(reported).when(report()).thenThrows('ALREADY_REPORTED', 'milestoneId');
    given(reported)
      .when(command('RecordNote', { noteId: 'n1', text: 'ok' }))
      .thenState((state) => {
        if (state.status === 'NONE') throw new Error('none');
        expect(state.milestones[0]).toMatchObject({
          status: 'REPORTED',
          outcome: 'ACHIEVED',
          reportedBy: HUE,
        });
      });
  });

  it('is for parties of a binding agreement, with a known outcome', () => {
    given([...history.active(), planned])
      .when(report('org-adb'))
      .thenThrows('NOT_A_PARTY', 'metadata.actorNode');
    given([drafted, planned]).when(report()).thenThrows('ILLEGAL_TRANSITION');
    given([...history.active(), planned])
      .when(report(KOICA, 'DONE' as never))
      .thenThrows('INVALID_VALUE', 'outcome');
  });
});

describe('AttachDocument and RecordNote', () => {
  const attach = (sha256: string, extra: object = {}) =>
    command('AttachDocument', {
      documentId: 'mou-signed',
      name: 'Biên bản ghi nhớ.pdf'.normalize('NFD'),
      sha256,
      ...extra,
    });

  it('attaches the digest of a document, lower-case and NFC', () => {
    given([drafted])
      .when(attach('AB'.repeat(32), { mediaType: 'Application/PDF', sizeBytes: 1024 }))
      .then([
        {
          type: 'DocumentAttached',
          data: {
            documentId: 'mou-signed',
            name: 'Biên bản ghi nhớ.pdf',
            sha256: 'ab'.repeat(32),
            mediaType: 'application/pdf',
            sizeBytes: 1024,
          },
        },
      ]);
  });

  it('refuses bad digests, sizes, media types and duplicate ids', () => {
    given([drafted])
      .when(attach('z'.repeat(64)))
      .thenThrows('INVALID_VALUE', 'sha256');
    given([drafted])
      .when(attach('a'.repeat(64), { sizeBytes: -1 }))
      .thenThrows('INVALID_VALUE', 'sizeBytes');
    given([drafted])
      .when(attach('a'.repeat(64), { mediaType: 'pdf' }))
      .thenThrows('INVALID_VALUE', 'mediaType');
    const attached: AgreementEvent = {
      type: 'DocumentAttached',
      data: { documentId: 'mou-signed', name: 'x', sha256: 'a'.repeat(64) },
    };
    given([drafted, attached])
      .when(attach('b'.repeat(64)))
      .thenThrows('ALREADY_EXISTS', 'documentId');
  });

  it('records notes, counted, with unique ids', () => {
    const note: AgreementEvent = {
      type: 'NoteRecorded',
      data: { noteId: 'n1', text: 'Gặp đối tác tại Huế.' },
    };
    given([drafted])
      .when(command('RecordNote', { noteId: 'n1', text: 'Gặp đối tác tại Huế.'.normalize('NFD') }))
      .then([note]);
    given([drafted, note])
      .when(command('RecordNote', { noteId: 'n1', text: 'again' }))
      .thenThrows('ALREADY_EXISTS', 'noteId');
    given([drafted, note])
      .when(command('RecordNote', { noteId: 'n2', text: '' }))
      .thenThrows('INVALID_VALUE', 'text');
    given([drafted, note])
      .when(command('RecordNote', { noteId: 'n2', text: 'more' }))
      .thenState((state) => {
        if (state.status === 'NONE') throw new Error('none');
        expect(state.notes).toBe(2);
      });
  });
});
