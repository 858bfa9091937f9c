import { describe, expect, it } from '@jest/globals';
import {
  activatedOn,
  command,
  countersignedBy,
  drafted,
  given,
  history,
  HUE,
  KOICA,
  metadata,
  NEVERS,
  neversParty,
  signedOn,
} from '../../testing/index.js';
import type { AgreementEvent } from '../events.js';

const countersign = (party: string, by: string = party) =>
  command('CountersignAgreement', { party }, metadata(by));

describe('ProposeAgreement', () => {
  it('proposes a draft', () => {
    given([drafted])
      .when(command('ProposeAgreement', {}))
      .then([{ type: 'AgreementProposed', data: {} }]);
  });

  it('refuses to propose twice or after signature', () => {
    given(history.proposed()).when(command('ProposeAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
    given(history.active()).when(command('ProposeAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
  });
});

describe('CountersignAgreement', () => {
  it('records a party countersigning for itself', () => {
    given(history.proposed())
      .when(countersign(KOICA))
      .then([countersignedBy(KOICA)]);
  });

  it('records the home node countersigning on behalf of a party without a node', () => {
    given(history.proposed())
      .when(countersign(KOICA, HUE))
      .then([countersignedBy(KOICA, HUE)]);
  });

  it('signs the agreement with the last missing countersignature, dated from the command clock', () => {
    given([...history.proposed(), countersignedBy(HUE)])
      .when(command('CountersignAgreement', { party: KOICA }, metadata(KOICA, '2021-01-15')))
      .then([countersignedBy(KOICA), signedOn('2021-01-15')]);
  });

  it('waits for every current party, and ignores withdrawn ones', () => {
    const three: AgreementEvent[] = [drafted, { type: 'PartyInvited', data: { party: neversParty } }];
    given([...three, { type: 'AgreementProposed', data: {} }, countersignedBy(HUE)])
      .when(countersign(KOICA))
      .then([countersignedBy(KOICA)]);
    given([
      ...three,
      { type: 'PartyWithdrawn', data: { nodeId: NEVERS, reason: 'left' } },
      { type: 'AgreementProposed', data: {} },
      countersignedBy(HUE),
    ])
      .when(countersign(KOICA))
      .then([countersignedBy(KOICA), signedOn('2026-11-22')]);
  });

  it('lets each party countersign once', () => {
    given([...history.proposed(), countersignedBy(KOICA)])
      .when(countersign(KOICA))
      .thenThrows('ALREADY_COUNTERSIGNED', 'party');
  });

  it('is for parties only, and only the home node signs on behalf', () => {
    given(history.proposed()).when(countersign('org-adb', HUE)).thenThrows('NOT_A_PARTY', 'party');
    const withNevers: AgreementEvent[] = [
      drafted,
      { type: 'PartyInvited', data: { party: neversParty } },
      { type: 'AgreementProposed', data: {} },
    ];
    given(withNevers).when(countersign(KOICA, NEVERS)).thenThrows('NOT_ON_BEHALF', 'party');
  });

  it('is only possible while proposed', () => {
    given([drafted]).when(countersign(KOICA)).thenThrows('ILLEGAL_TRANSITION');
    given(history.signed()).when(countersign(KOICA)).thenThrows('ILLEGAL_TRANSITION');
  });

  it('signs into a state where every party has countersigned', () => {
    given([...history.proposed(), countersignedBy(HUE)])
      .when(countersign(KOICA, HUE))
      .thenState((state) => {
        if (state.status !== 'SIGNED') throw new Error(state.status);
        expect(state.signedOn).toBe('2026-11-22');
        expect(state.parties.find((p) => p.nodeId === KOICA)).toMatchObject({
          countersigned: true,
          onBehalf: true,
          countersignedBy: 'officer@vn-hue',
        });
      });
  });
});

describe('ActivateAgreement', () => {
  it('activates a signed agreement, today or on a given past date', () => {
    given(history.signed())
      .when(command('ActivateAgreement', {}))
      .then([activatedOn('2026-11-22')]);
    given(history.signed())
      .when(command('ActivateAgreement', { activatedOn: '2021-02-01' }))
      .then([activatedOn('2021-02-01')]);
  });

  it('refuses activation before signature', () => {
    given(history.proposed()).when(command('ActivateAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
    given([drafted]).when(command('ActivateAgreement', {})).thenThrows('ILLEGAL_TRANSITION');
  });

  it('refuses dates before the signature, in the future or not on the calendar', () => {
    given(history.signed())
      .when(command('ActivateAgreement', { activatedOn: '2021-01-14' }))
      .thenThrows('DATES_OUT_OF_ORDER', 'activatedOn');
    given(history.signed())
      .when(command('ActivateAgreement', { activatedOn: '2026-11-23' }))
      .thenThrows('DATES_OUT_OF_ORDER', 'activatedOn');
    given(history.signed())
      .when(command('ActivateAgreement', { activatedOn: '2021-02-29' }))
      .thenThrows('INVALID_VALUE', 'activatedOn');
  });
});
