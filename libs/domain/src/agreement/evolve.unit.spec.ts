import { describe, expect, it } from '@jest/globals';
import {
  activatedOn,
  committed,
  countersignedBy,
  drafted,
  history,
  KOICA,
  signedOn,
} from '../testing/index.js';
import type { AgreementEvent } from './events.js';
import { evolve, fold } from './evolve.js';
import { initialState } from './state.js';

describe('evolve', () => {
  it('folds a history into the state it describes', () => {
    const state = fold([...history.active(), committed('13000000', 'USD')]);
    expect(state).toMatchObject({
      status: 'ACTIVE',
      agreementId: drafted.data.agreementId,
      homeNode: 'vn-hue',
      signedOn: '2021-01-15',
      activatedOn: '2021-02-01',
      funding: [{ donor: KOICA, currency: 'USD', committed: '13000000', disbursed: '0' }],
    });
    if (state.status === 'NONE') throw new Error('none');
    expect(state.parties.every((p) => p.countersigned)).toBe(true);
  });

  it('leaves the state alone for events that do not fit it, rather than inventing facts', () => {
    const draft = fold([drafted]);
    const misfits: AgreementEvent[] = [
      signedOn('2021-01-15'),
      activatedOn('2021-02-01'),
      { type: 'AgreementResumed', data: {} },
    ];
    for (const event of misfits) expect(evolve(draft, event)).toBe(draft);
    expect(evolve(initialState(), countersignedBy(KOICA))).toEqual(initialState());
    expect(evolve(draft, drafted)).toBe(draft);
    const odd = {
      type: 'FundingCommitted',
      data: { donor: KOICA, amount: { amount: '1e5', currency: 'USD' }, committedOn: '2021-01-01' },
    } as const;
    expect(evolve(draft, odd)).toBe(draft);
  });

  it('never throws, even for a type it does not know', () => {
    const draft = fold([drafted]);
    expect(evolve(draft, { type: 'CoffeeBrewed', data: {} } as never)).toBe(draft);
  });
});
