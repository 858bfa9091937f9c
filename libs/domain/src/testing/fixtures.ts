import type { AgreementCommand, CommandMetadata } from '../agreement/commands.js';
import type { AgreementDrafted, AgreementEvent } from '../agreement/events.js';
import type { NodeId, Party } from '../agreement/vocabulary.js';

// The Huế – KOICA grant of the seed articles, the running example of the domain tests.
export const AGREEMENT_ID = '0193b5a0-7c1e-7d2a-9f10-4c5d6e7f8a9b';
export const HUE = 'vn-hue';
export const KOICA = 'org-koica';
export const NEVERS = 'fr-nevers';
export const TODAY = '2026-11-22';

export const hueParty: Party = {
  nodeId: HUE,
  name: "Thừa Thiên Huế Provincial People's Committee",
  role: 'PROVINCE',
  country: 'VN',
};
export const koicaParty: Party = {
  nodeId: KOICA,
  name: 'Korea International Cooperation Agency',
  role: 'DONOR',
  country: 'KR',
};
export const neversParty: Party = { nodeId: NEVERS, name: 'Ville de Nevers', role: 'CITY', country: 'FR' };

/** Metadata of a command by an officer of `node`, at noon UTC on `date`. */
export const metadata = (node: NodeId = HUE, date: string = TODAY): CommandMetadata => ({
  actor: `officer@${node}`,
  actorNode: node,
  now: `${date}T12:00:00.000Z`,
});

type Data<T extends AgreementCommand['type']> = Extract<AgreementCommand, { type: T }>['data'];

/** A command of `type` with `data`, by `node` (home by default) today. */
export const command = <T extends AgreementCommand['type']>(
  type: T,
  data: Data<T>,
  meta: CommandMetadata = metadata(),
): Extract<AgreementCommand, { type: T }> =>
  ({ type, data, metadata: meta }) as Extract<AgreementCommand, { type: T }>;

export const draftHueKoica = (): Extract<AgreementCommand, { type: 'DraftAgreement' }> =>
  command('DraftAgreement', {
    agreementId: AGREEMENT_ID,
    title: 'Huế smart culture and tourism city',
    kind: 'GRANT',
    programme: 'KOICA Vietnam country programme',
    themes: ['smart-city', 'tourism'],
    parties: [hueParty, koicaParty],
    startDate: '2021-01-01',
    endDate: '2025-12-31',
  });

export const drafted: AgreementDrafted = {
  type: 'AgreementDrafted',
  data: {
    agreementId: AGREEMENT_ID,
    homeNode: HUE,
    title: 'Huế smart culture and tourism city',
    titleTranslations: {},
    kind: 'GRANT',
    programme: 'KOICA Vietnam country programme',
    themes: ['smart-city', 'tourism'],
    parties: [hueParty, koicaParty],
    startDate: '2021-01-01',
    endDate: '2025-12-31',
  },
};

export const proposed: AgreementEvent = { type: 'AgreementProposed', data: {} };
export const countersignedBy = (party: NodeId, signer: NodeId = party): AgreementEvent => ({
  type: 'AgreementCountersigned',
  data: { party, signedBy: `officer@${signer}`, onBehalf: party !== signer },
});
export const signedOn = (date: string): AgreementEvent => ({
  type: 'AgreementSigned',
  data: { signedOn: date },
});
export const activatedOn = (date: string): AgreementEvent => ({
  type: 'AgreementActivated',
  data: { activatedOn: date },
});
export const committed = (
  amount: string,
  currency: string,
  donor: NodeId = KOICA,
  on = '2021-02-01',
): AgreementEvent => ({
  type: 'FundingCommitted',
  data: { donor, amount: { amount, currency }, committedOn: on },
});

/** Histories that bring the Huế – KOICA grant to each status. */
export const history = {
  draft: (): AgreementEvent[] => [drafted],
  proposed: (): AgreementEvent[] => [drafted, proposed],
  signed: (): AgreementEvent[] => [
    drafted,
    proposed,
    countersignedBy(HUE),
    countersignedBy(KOICA),
    signedOn('2021-01-15'),
  ],
  active: (): AgreementEvent[] => [...history.signed(), activatedOn('2021-02-01')],
  suspended: (): AgreementEvent[] => [
    ...history.active(),
    { type: 'AgreementSuspended', data: { reason: 'audit' } },
  ],
  completed: (): AgreementEvent[] => [
    ...history.active(),
    { type: 'AgreementCompleted', data: { completedOn: '2025-12-31' } },
  ],
  terminated: (): AgreementEvent[] => [
    ...history.active(),
    { type: 'AgreementTerminated', data: { reason: 'funding withdrawn', terminatedOn: '2023-01-01' } },
  ],
  expired: (): AgreementEvent[] => [
    ...history.active(),
    { type: 'AgreementExpired', data: { expiredOn: '2026-01-01' } },
  ],
};
