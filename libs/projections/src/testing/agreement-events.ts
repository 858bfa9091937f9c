import { v7 as uuidv7 } from 'uuid';
import { agreementStreamId, type AgreementEvent } from '@ketnoi/domain';
import type { AppendResult, EventStore, Json } from '@ketnoi/event-store';

export type Terms = Omit<Extract<AgreementEvent, { type: 'AgreementDrafted' }>['data'], 'agreementId'>;

export const HUE_KOICA: Terms = {
  homeNode: 'vn-hue',
  title: 'Huế smart culture and tourism city',
  titleTranslations: {
    vi: 'Thành phố văn hóa và du lịch thông minh Huế',
    en: 'Huế smart culture and tourism city',
  },
  kind: 'GRANT',
  programme: 'KOICA Vietnam country programme',
  themes: ['smart-city', 'tourism'],
  parties: [
    { nodeId: 'vn-hue', name: "Thừa Thiên Huế Provincial People's Committee", role: 'CITY', country: 'VN' },
    { nodeId: 'org-koica', name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
  ],
  startDate: '2021-01-01',
  endDate: '2025-12-31',
};

export const DA_NANG_NEVERS: Terms = {
  homeNode: 'vn-da-nang',
  title: 'Đà Nẵng – Nevers smart city and digitalisation',
  titleTranslations: { fr: 'Đà Nẵng – Nevers : ville intelligente et numérisation' },
  kind: 'TWINNING',
  programme: 'Vietnam–France decentralised cooperation',
  themes: ['smart-city', 'digitalisation'],
  parties: [
    { nodeId: 'vn-da-nang', name: 'Đà Nẵng City People’s Committee', role: 'CITY', country: 'VN' },
    { nodeId: 'fr-nevers', name: 'Ville de Nevers', role: 'CITY', country: 'FR' },
  ],
};

export const CAN_THO: Terms = {
  homeNode: 'vn-can-tho',
  title: 'Cần Thơ smart city scheme 2021–2025',
  titleTranslations: {},
  kind: 'PROGRAMME',
  programme: 'Decision 1652/QĐ-UBND',
  themes: ['smart-city'],
  parties: [
    { nodeId: 'vn-can-tho', name: 'Cần Thơ City People’s Committee', role: 'CITY', country: 'VN' },
    { nodeId: 'vn-mof', name: 'Ministry of Finance', role: 'AGENCY', country: 'VN' },
  ],
} as const;

export type Later =
  | Exclude<AgreementEvent, { type: 'AgreementDrafted' }>
  | { type: string; data: Json; schemaVersion?: number };

/**
 * Appends agreement events straight to the store, as the command pipeline (or inbound
 * replication) would: the projections only ever see what is in the log.
 */
export async function appendAgreement(
  store: EventStore,
  terms: Terms,
  later: readonly Later[] = [],
  options: { agreementId?: string; occurredAt?: string } = {},
): Promise<{ agreementId: string; result: AppendResult }> {
  const agreementId = options.agreementId ?? uuidv7();
  const result = await appendTo(
    store,
    agreementId,
    [{ type: 'AgreementDrafted', data: { agreementId, ...terms } } as AgreementEvent, ...later],
    options.occurredAt,
  );
  return { agreementId, result };
}

export async function appendTo(
  store: EventStore,
  agreementId: string,
  events: readonly (Later | AgreementEvent)[],
  occurredAt = new Date().toISOString(),
  streamId = agreementStreamId(agreementId),
): Promise<AppendResult> {
  return store.appendToStream(
    streamId,
    events.map((e) => ({
      eventId: uuidv7(),
      type: e.type,
      schemaVersion: ('schemaVersion' in e && e.schemaVersion) || 1,
      data: e.data as Json,
      metadata: {
        actor: 'officer@vn-hue',
        actorNode: 'vn-hue',
        originNode: 'vn-hue',
        correlationId: uuidv7(),
        causationId: uuidv7(),
        occurredAt,
      },
    })),
  );
}

export const funding = (donor: string, amount: string, currency: string) =>
  ({
    type: 'FundingCommitted',
    data: { donor, amount: { amount, currency }, committedOn: '2021-02-01' },
  }) as const;
export const disbursed = (donor: string, amount: string, currency: string) =>
  ({
    type: 'FundsDisbursed',
    data: { donor, amount: { amount, currency }, disbursedOn: '2021-03-01' },
  }) as const;
