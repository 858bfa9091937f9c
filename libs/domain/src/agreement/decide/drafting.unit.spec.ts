import { describe, expect, it } from '@jest/globals';
import {
  AGREEMENT_ID,
  command,
  countersignedBy,
  draftHueKoica,
  drafted,
  given,
  history,
  HUE,
  KOICA,
  koicaParty,
  metadata,
  NEVERS,
  neversParty,
  committed,
} from '../../testing/index.js';
import type { AgreementEvent } from '../events.js';

const withNevers: AgreementEvent[] = [drafted, { type: 'PartyInvited', data: { party: neversParty } }];

describe('DraftAgreement', () => {
  it('records the draft with the drafting node as home', () => {
    given([]).when(draftHueKoica()).then([drafted]);
  });

  it('normalises what it records: NFC text, lower-case id, upper-case country, deduplicated lower-case themes', () => {
    const draft = draftHueKoica();
    const events = [
      {
        ...draft,
        data: {
          ...draft.data,
          agreementId: AGREEMENT_ID.toUpperCase(),
          title: '  Hue\u0302\u0301 smart culture and tourism city ',
          titleTranslations: { vi: 'Thành phố văn hóa và du lịch thông minh Huế'.normalize('NFD') },
          themes: ['Smart-City', 'tourism', 'smart-city'],
          parties: [{ ...draft.data.parties[0]!, country: 'vn' }, draft.data.parties[1]!],
        },
      },
    ];
    given([])
      .when(events[0]!)
      .thenState((state) => {
        if (state.status !== 'DRAFT') throw new Error(state.status);
        expect(state.agreementId).toBe(AGREEMENT_ID);
        expect(state.title).toBe('Huế smart culture and tourism city');
        expect(state.titleTranslations.vi).toBe(
          'Thành phố văn hóa và du lịch thông minh Huế'.normalize('NFC'),
        );
        expect(state.themes).toEqual(['smart-city', 'tourism']);
        expect(state.parties[0]!.country).toBe('VN');
        expect(state.parties.every((p) => !p.countersigned && !p.withdrawn)).toBe(true);
      });
  });

  it('refuses a second draft of the same agreement', () => {
    given([drafted]).when(draftHueKoica()).thenThrows('ALREADY_EXISTS', 'agreementId');
  });

  it('needs at least two parties, each listed once', () => {
    const draft = draftHueKoica();
    given([])
      .when({ ...draft, data: { ...draft.data, parties: [draft.data.parties[0]!] } })
      .thenThrows('TOO_FEW_PARTIES', 'parties');
    given([])
      .when({
        ...draft,
        data: { ...draft.data, parties: [...draft.data.parties, { ...koicaParty, name: 'KOICA' }] },
      })
      .thenThrows('INVALID_VALUE', 'parties[2].nodeId');
  });

  it('needs the drafting node among the parties', () => {
    given([])
      .when({ ...draftHueKoica(), metadata: metadata(NEVERS) })
      .thenThrows('HOME_NODE_REQUIRED', 'parties');
  });

  it('names the offending field of bad input', () => {
    const draft = draftHueKoica();
    const cases: Array<[Partial<typeof draft.data>, string]> = [
      [{ title: '   ' }, 'title'],
      [{ kind: 'GIFT' as never }, 'kind'],
      [{ themes: ['smart city'] }, 'themes[0]'],
      [{ startDate: '2021-02-30' }, 'startDate'],
      [{ titleTranslations: { de: 'Huë' } as never }, 'titleTranslations.de'],
      [{ parties: [draft.data.parties[0]!, { ...koicaParty, country: 'KOR' }] }, 'parties[1].country'],
      [{ parties: [draft.data.parties[0]!, { ...koicaParty, role: 'BANK' as never }] }, 'parties[1].role'],
      [{ agreementId: 'koica-1' }, 'agreementId'],
    ];
    for (const [change, field] of cases)
      given([])
        .when({ ...draft, data: { ...draft.data, ...change } })
        .thenThrows('INVALID_VALUE', field);
  });

  it('keeps dates in order', () => {
    const draft = draftHueKoica();
    given([])
      .when({ ...draft, data: { ...draft.data, endDate: '2020-12-31' } })
      .thenThrows('DATES_OUT_OF_ORDER', 'endDate');
  });

  it('refuses metadata without a valid clock or node', () => {
    given([])
      .when({ ...draftHueKoica(), metadata: { ...metadata(), now: 'yesterday' } })
      .thenThrows('INVALID_VALUE', 'metadata.now');
    given([])
      .when({ ...draftHueKoica(), metadata: { ...metadata(), actorNode: 'VN HUE' } })
      .thenThrows('INVALID_VALUE', 'metadata.actorNode');
  });
});

describe('every command but the draft', () => {
  it('refuses a command without data, naming it', () => {
    given([drafted])
      .when({ ...command('AmendTerms', {}), data: undefined as never })
      .thenThrows('INVALID_VALUE', 'data');
  });

  it('needs an existing agreement', () => {
    given([]).when(command('ProposeAgreement', {})).thenThrows('NOT_FOUND');
    given([])
      .when(command('RecordNote', { noteId: 'n1', text: 'hello' }))
      .thenThrows('NOT_FOUND');
  });
});

describe('InviteParty', () => {
  it('adds a party before signature', () => {
    given([drafted])
      .when(command('InviteParty', { party: neversParty }))
      .then(withNevers.slice(1));
    given(history.proposed())
      .when(command('InviteParty', { party: neversParty }))
      .then(withNevers.slice(1));
  });

  it('refuses a party already in, and any invitation once signed', () => {
    given([drafted])
      .when(command('InviteParty', { party: koicaParty }))
      .thenThrows('ALREADY_EXISTS', 'party.nodeId');
    given(history.signed())
      .when(command('InviteParty', { party: neversParty }))
      .thenThrows('ILLEGAL_TRANSITION');
  });

  it('can bring back a withdrawn party, who must countersign afresh', () => {
    const left: AgreementEvent = {
      type: 'PartyWithdrawn',
      data: { nodeId: NEVERS, reason: 'changed plans' },
    };
    given([...withNevers, left])
      .when(command('InviteParty', { party: neversParty }))
      .thenState((state) => {
        if (state.status === 'NONE') throw new Error('none');
        expect(state.parties.filter((p) => p.nodeId === NEVERS)).toEqual([
          { ...neversParty, countersigned: false, withdrawn: false },
        ]);
      });
  });
});

describe('WithdrawParty', () => {
  const withdraw = (nodeId: string) => command('WithdrawParty', { nodeId, reason: 'no budget this year' });

  it('withdraws a party while more than two remain', () => {
    given(withNevers)
      .when(withdraw(NEVERS))
      .then([{ type: 'PartyWithdrawn', data: { nodeId: NEVERS, reason: 'no budget this year' } }]);
  });

  it('keeps at least two parties, keeps the home node, and refuses strangers', () => {
    given([drafted]).when(withdraw(KOICA)).thenThrows('TOO_FEW_PARTIES', 'nodeId');
    given(withNevers).when(withdraw(HUE)).thenThrows('HOME_NODE_REQUIRED', 'nodeId');
    given([drafted]).when(withdraw('org-adb')).thenThrows('NOT_A_PARTY', 'nodeId');
  });

  it('refuses a donor with committed funding, and any withdrawal once signed', () => {
    given([...withNevers, committed('1000', 'EUR', NEVERS)])
      .when(withdraw(NEVERS))
      .thenThrows('FUNDING_COMMITTED', 'nodeId');
    given(history.signed()).when(withdraw(KOICA)).thenThrows('ILLEGAL_TRANSITION');
  });

  it('signs the agreement when the party who leaves was the last one missing', () => {
    given([
      ...withNevers,
      { type: 'AgreementProposed', data: {} },
      countersignedBy(HUE),
      countersignedBy(KOICA, HUE),
    ])
      .when(withdraw(NEVERS))
      .then([
        { type: 'PartyWithdrawn', data: { nodeId: NEVERS, reason: 'no budget this year' } },
        { type: 'AgreementSigned', data: { signedOn: '2026-11-22' } },
      ]);
  });
});

describe('AmendTerms', () => {
  it('records only the terms that change', () => {
    given([drafted])
      .when(
        command('AmendTerms', {
          title: 'Huế smart culture and tourism city',
          endDate: '2026-06-30',
          reason: 'extension agreed',
        }),
      )
      .then([
        { type: 'TermsAmended', data: { changes: { endDate: '2026-06-30' }, reason: 'extension agreed' } },
      ]);
  });

  it('records nothing when nothing changes', () => {
    given([drafted])
      .when(command('AmendTerms', { kind: 'GRANT', themes: ['smart-city', 'tourism', 'Tourism'] }))
      .then([]);
  });

  it('clears the countersignatures given to the old terms while proposed', () => {
    given([...history.proposed(), countersignedBy(KOICA)])
      .when(command('AmendTerms', { description: 'Phase 2 adds the citadel museums.' }))
      .thenState((state) => {
        if (state.status !== 'PROPOSED') throw new Error(state.status);
        expect(state.parties.map((p) => p.countersigned)).toEqual([false, false]);
        expect(state.description).toBe('Phase 2 adds the citadel museums.');
      });
  });

  it('keeps dates in order and refuses amendments once signed', () => {
    given([drafted])
      .when(command('AmendTerms', { startDate: '2026-01-01' }))
      .thenThrows('DATES_OUT_OF_ORDER', 'endDate');
    given(history.active())
      .when(command('AmendTerms', { title: 'New title' }))
      .thenThrows('ILLEGAL_TRANSITION');
  });
});
