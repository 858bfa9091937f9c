import { describe, expect, it } from '@jest/globals';
import { command, drafted, given, history, metadata } from '../../testing/index.js';

const suspended = { type: 'AgreementSuspended' as const, data: { reason: 'provincial audit' } };

describe('SuspendAgreement and ResumeAgreement', () => {
  it('suspends an active agreement and resumes it', () => {
    given(history.active())
      .when(command('SuspendAgreement', { reason: ' provincial audit ' }))
      .then([suspended]);
    given([...history.active(), suspended])
      .when(command('ResumeAgreement', { reason: 'audit closed' }))
      .then([{ type: 'AgreementResumed', data: { reason: 'audit closed' } }]);
    given([...history.active(), suspended])
      .when(command('ResumeAgreement', {}))
      .thenState((state) => {
        expect(state.status).toBe('ACTIVE');
        expect(state).not.toHaveProperty('suspensionReason');
      });
  });

  it('refuses suspending what is not active and resuming what is not suspended', () => {
    given(history.signed())
      .when(command('SuspendAgreement', { reason: 'x' }))
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.suspended())
      .when(command('SuspendAgreement', { reason: 'x' }))
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.active()).when(command('ResumeAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
  });

  it('needs a reason to suspend', () => {
    given(history.active())
      .when(command('SuspendAgreement', { reason: '' }))
      .thenThrows('INVALID_VALUE', 'reason');
  });
});

describe('RenewAgreement', () => {
  it('moves the end date later', () => {
    given(history.active())
      .when(command('RenewAgreement', { newEndDate: '2027-12-31', reason: 'phase 2' }))
      .then([
        {
          type: 'AgreementRenewed',
          data: { previousEndDate: '2025-12-31', newEndDate: '2027-12-31', reason: 'phase 2' },
        },
      ]);
  });

  it('refuses an end date not after the current one, and agreements without one', () => {
    given(history.active())
      .when(command('RenewAgreement', { newEndDate: '2025-12-31' }))
      .thenThrows('DATES_OUT_OF_ORDER', 'newEndDate');
    given(history.active())
      .when(command('RenewAgreement', { newEndDate: '2025-13-01' }))
      .thenThrows('INVALID_VALUE', 'newEndDate');
    const { endDate: _none, ...openEnded } = drafted.data;
    const signedOpenEnded = [{ ...drafted, data: openEnded }, ...history.signed().slice(1)];
    given(signedOpenEnded)
      .when(command('RenewAgreement', { newEndDate: '2030-01-01' }))
      .thenThrows('ILLEGAL_TRANSITION', 'newEndDate');
  });

  it('renews only a binding agreement', () => {
    given([drafted])
      .when(command('RenewAgreement', { newEndDate: '2027-12-31' }))
      .thenThrows('ILLEGAL_TRANSITION');
    given(history.expired())
      .when(command('RenewAgreement', { newEndDate: '2027-12-31' }))
      .thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('CompleteAgreement', () => {
  it('completes an active agreement', () => {
    given(history.active())
      .when(command('CompleteAgreement', { completedOn: '2025-12-31', summary: 'All sites digitised.' }))
      .then([
        { type: 'AgreementCompleted', data: { completedOn: '2025-12-31', summary: 'All sites digitised.' } },
      ]);
  });

  it('refuses completing what is not active, or before activation', () => {
    given(history.signed()).when(command('CompleteAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
    given(history.suspended()).when(command('CompleteAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
    given(history.active())
      .when(command('CompleteAgreement', { completedOn: '2021-01-31' }))
      .thenThrows('DATES_OUT_OF_ORDER', 'completedOn');
  });
});

describe('TerminateAgreement', () => {
  it('terminates any open agreement, an abandoned negotiation included', () => {
    for (const open of [
      history.draft(),
      history.proposed(),
      history.signed(),
      history.active(),
      history.suspended(),
    ]) {
      given(open)
        .when(command('TerminateAgreement', { reason: 'funding withdrawn' }))
        .then([
          { type: 'AgreementTerminated', data: { reason: 'funding withdrawn', terminatedOn: '2026-11-22' } },
        ]);
    }
  });

  it('needs a reason and refuses a date before the signature', () => {
    given(history.active())
      .when(command('TerminateAgreement', { reason: ' ' }))
      .thenThrows('INVALID_VALUE', 'reason');
    given(history.active())
      .when(command('TerminateAgreement', { reason: 'x', terminatedOn: '2020-01-01' }))
      .thenThrows('DATES_OUT_OF_ORDER', 'terminatedOn');
  });
});

describe('ExpireAgreement', () => {
  it('expires a binding agreement once the clock is past its end date', () => {
    given(history.active())
      .when(command('ExpireAgreement', {}, metadata('vn-hue', '2026-01-01')))
      .then([{ type: 'AgreementExpired', data: { expiredOn: '2026-01-01' } }]);
  });

  it('refuses before the end date has passed, and on its last day', () => {
    given(history.active())
      .when(command('ExpireAgreement', {}, metadata('vn-hue', '2025-12-31')))
      .thenThrows('NOT_YET_EXPIRED');
  });

  it('refuses drafts and agreements without an end date', () => {
    given([drafted]).when(command('ExpireAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
    const { endDate: _none, ...openEnded } = drafted.data;
    given([{ ...drafted, data: openEnded }, ...history.active().slice(1)])
      .when(command('ExpireAgreement', {}))
      .thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('final agreements', () => {
  const finals = {
    completed: history.completed(),
    terminated: history.terminated(),
    expired: history.expired(),
  };

  it.each(Object.entries(finals))(
    'a %s agreement accepts nothing but notes and documents',
    (_status, final) => {
      const refused = [
        command('SuspendAgreement', { reason: 'x' }),
        command('ResumeAgreement', {}),
        command('CompleteAgreement', {}),
        command('TerminateAgreement', { reason: 'x' }),
        command('ExpireAgreement', {}),
        command('RenewAgreement', { newEndDate: '2030-01-01' }),
        command('PlanMilestone', { milestoneId: 'm9', title: 'Late', dueDate: '2030-01-01' }),
        command('CommitFunding', { donor: 'org-koica', amount: { amount: '1', currency: 'USD' } }),
        command('ProposeAgreement', {}),
      ];
      for (const refusedCommand of refused)
        given(final).when(refusedCommand).thenThrows('ILLEGAL_TRANSITION');
      given(final)
        .when(command('RecordNote', { noteId: 'n1', text: 'Archived.' }))
        .then([{ type: 'NoteRecorded', data: { noteId: 'n1', text: 'Archived.' } }]);
      given(final)
        .when(
          command('AttachDocument', {
            documentId: 'final-report',
            name: 'Final report.pdf',
            sha256: 'a'.repeat(64),
          }),
        )
        .then([
          {
            type: 'DocumentAttached',
            data: { documentId: 'final-report', name: 'Final report.pdf', sha256: 'a'.repeat(64) },
          },
        ]);
    },
  );
});
