import { describe, expect, it } from '@jest/globals';
import { command, committed, drafted, given, history, KOICA } from '../../testing/index.js';
import type { AgreementEvent } from '../events.js';

const commit = (amount: string, currency = 'USD', donor = KOICA) =>
  command('CommitFunding', { donor, amount: { amount, currency }, committedOn: '2021-02-01' });
const disburse = (amount: string, currency = 'USD', donor = KOICA) =>
  command('DisburseFunds', { donor, amount: { amount, currency }, disbursedOn: '2022-03-01' });
const disbursed = (amount: string, currency = 'USD'): AgreementEvent => ({
  type: 'FundsDisbursed',
  data: { donor: KOICA, amount: { amount, currency }, disbursedOn: '2022-03-01' },
});

describe('CommitFunding', () => {
  it('records a commitment by a party, canonical', () => {
    given([drafted])
      .when(commit('13000000.00'))
      .then([committed('13000000', 'USD')]);
    given(history.active())
      .when(command('CommitFunding', { donor: KOICA, amount: { amount: '1011800000000', currency: 'VND' } }))
      .then([
        {
          type: 'FundingCommitted',
          data: {
            donor: KOICA,
            amount: { amount: '1011800000000', currency: 'VND' },
            committedOn: '2026-11-22',
          },
        },
      ]);
  });

  it('needs the donor to be a current party', () => {
    given([drafted])
      .when(commit('1', 'USD', 'org-adb'))
      .thenThrows('NOT_A_PARTY', 'donor');
  });

  it('refuses bad money, naming the field', () => {
    given([drafted]).when(commit('-5')).thenThrows('INVALID_VALUE', 'amount.amount');
    given([drafted]).when(commit('5', 'ZZZ')).thenThrows('INVALID_VALUE', 'amount.currency');
  });

  it('takes no new money while suspended or after the end', () => {
    given(history.suspended()).when(commit('5')).thenThrows('ILLEGAL_TRANSITION');
    given(history.completed()).when(commit('5')).thenThrows('ILLEGAL_TRANSITION');
  });

  it('sums commitments per donor and currency', () => {
    given([drafted, committed('13000000', 'USD'), committed('2500000.50', 'USD')])
      .when(commit('0.50'))
      .thenState((state) => {
        if (state.status === 'NONE') throw new Error('none');
        expect(state.funding).toEqual([
          { donor: KOICA, currency: 'USD', committed: '15500001', disbursed: '0' },
        ]);
      });
  });
});

describe('DisburseFunds', () => {
  const funded = (): AgreementEvent[] => [...history.active(), committed('13000000', 'USD')];

  it('records a disbursement within the commitment, exactly', () => {
    given(funded())
      .when(disburse('2500000.50'))
      .then([disbursed('2500000.50')]);
    given([...funded(), disbursed('2500000.50')])
      .when(disburse('10499999.50'))
      .thenState((state) => {
        if (state.status === 'NONE') throw new Error('none');
        expect(state.funding).toEqual([
          { donor: KOICA, currency: 'USD', committed: '13000000', disbursed: '13000000' },
        ]);
      });
  });

  it('never exceeds what was committed in that currency', () => {
    given([...funded(), disbursed('2500000.50')])
      .when(disburse('10499999.51'))
      .thenThrows('EXCEEDS_COMMITMENT', 'amount.amount');
    given(funded()).when(disburse('1', 'VND')).thenThrows('EXCEEDS_COMMITMENT', 'amount.amount');
  });

  it('moves money only under a signed agreement that is not suspended', () => {
    given([drafted, committed('100', 'USD')])
      .when(disburse('1'))
      .thenThrows('ILLEGAL_TRANSITION');
    given([...history.suspended(), committed('100', 'USD')])
      .when(disburse('1'))
      .thenThrows('ILLEGAL_TRANSITION');
    given([...history.signed(), committed('100', 'USD')])
      .when(disburse('1'))
      .then([disbursed('1')]);
  });

  it('needs the donor to be a party and the date to have passed', () => {
    given(funded())
      .when(disburse('1', 'USD', 'org-adb'))
      .thenThrows('NOT_A_PARTY', 'donor');
    given(funded())
      .when(
        command('DisburseFunds', {
          donor: KOICA,
          amount: { amount: '1', currency: 'USD' },
          disbursedOn: '2030-01-01',
        }),
      )
      .thenThrows('DATES_OUT_OF_ORDER', 'disbursedOn');
  });
});
