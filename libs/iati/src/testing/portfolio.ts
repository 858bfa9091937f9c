import { ExecuteAgreementCommand, executeOnStore } from '@ketnoi/agreements';
import type { AgreementCommand } from '@ketnoi/domain';
import type { EventStore } from '@ketnoi/event-store';
import { v7 as uuidv7 } from 'uuid';

type Intent = Omit<AgreementCommand, 'metadata'>;

/** Runs `intents` on one agreement as `node`'s staff, through the node's command handler (authorized). */
export async function record(
  store: EventStore,
  node: string,
  agreementId: string,
  intents: readonly Intent[],
) {
  for (const intent of intents) {
    await executeOnStore(
      store,
      node,
    )(
      new ExecuteAgreementCommand(
        {
          ...intent,
          metadata: { actor: `officer@${node}`, actorNode: node, now: new Date().toISOString() },
        } as AgreementCommand,
        { agreementId, correlationId: uuidv7(), causationId: uuidv7() },
        // An admin: the fixtures also record the countersignatures of parties that run no node.
        { kind: 'actor', actor: { subject: `officer@${node}`, role: 'admin', node } },
      ),
    );
  }
}

const hue = {
  nodeId: 'vn-hue',
  name: "Thừa Thiên Huế Provincial People's Committee",
  role: 'PROVINCE',
  country: 'VN',
} as const;
const koica = {
  nodeId: 'org-koica',
  name: 'Korea International Cooperation Agency (KOICA)',
  role: 'DONOR',
  country: 'KR',
} as const;
const adb = { nodeId: 'org-adb', name: 'Asian Development Bank', role: 'AGENCY', country: 'PH' } as const;
const australia = {
  nodeId: 'au-dfat',
  name: 'Government of Australia',
  role: 'DONOR',
  country: 'AU',
} as const;
const nevers = { nodeId: 'fr-nevers', name: 'Ville de Nevers', role: 'CITY', country: 'FR' } as const;
const hueUniversity = {
  nodeId: 'vn-hue-university',
  name: 'Đại học Huế',
  role: 'UNIVERSITY',
  country: 'VN',
} as const;

/**
 * Agreements of vn-hue still under negotiation (DRAFT, PROPOSED): everything about them is
 * something an import drafts, so they survive export -> import -> export unchanged.
 */
export async function seedNegotiations(store: EventStore): Promise<string[]> {
  const ids = [uuidv7(), uuidv7(), uuidv7()];
  await record(store, 'vn-hue', ids[0]!, [
    {
      type: 'DraftAgreement',
      data: {
        agreementId: ids[0]!,
        title: 'Huế smart culture and tourism city',
        titleTranslations: {
          vi: 'Thành phố văn hoá và du lịch thông minh Huế',
          en: 'Huế smart culture and tourism city',
          fr: 'Huế, ville intelligente de la culture et du tourisme',
        },
        description:
          'Grant for Huế\'s smart tourism platform & heritage data <pilot>.\nSecond line "quoted".',
        kind: 'GRANT',
        programme: 'KOICA Vietnam country programme',
        themes: ['smart-city', 'tourism'],
        parties: [hue, koica],
        startDate: '2021-01-01',
        endDate: '2025-12-31',
      },
    },
    {
      type: 'CommitFunding',
      data: {
        donor: 'org-koica',
        amount: { amount: '13000000', currency: 'USD' },
        committedOn: '2021-03-15',
      },
    },
    {
      type: 'CommitFunding',
      data: {
        donor: 'org-koica',
        amount: { amount: '2500000.50', currency: 'USD' },
        committedOn: '2022-01-10',
      },
    },
    {
      type: 'CommitFunding',
      data: {
        donor: 'org-koica',
        amount: { amount: '1011800000000', currency: 'VND' },
        committedOn: '2022-02-01',
      },
    },
  ]);
  await record(store, 'vn-hue', ids[1]!, [
    {
      type: 'DraftAgreement',
      data: {
        agreementId: ids[1]!,
        title: 'Smart digital urban model for urban spatial planning',
        kind: 'TECHNICAL_ASSISTANCE',
        themes: ['urban-planning', 'digitalisation'],
        parties: [hue, adb, australia, hueUniversity],
        startDate: '2023-06-01',
      },
    },
    {
      type: 'CommitFunding',
      data: { donor: 'au-dfat', amount: { amount: '750000', currency: 'AUD' }, committedOn: '2023-07-01' },
    },
    { type: 'ProposeAgreement', data: {} },
  ]);
  // No dates, no description, no money: the schema's required elements still come out.
  await record(store, 'vn-hue', ids[2]!, [
    {
      type: 'DraftAgreement',
      data: {
        agreementId: ids[2]!,
        title: 'Huế – Nevers twinning',
        kind: 'TWINNING',
        parties: [hue, nevers],
      },
    },
  ]);
  return ids;
}

/** An agreement that went through its lifecycle: signed, active, money disbursed, then completed. */
export async function seedCompletedGrant(store: EventStore): Promise<string> {
  const id = uuidv7();
  await record(store, 'vn-hue', id, [
    {
      type: 'DraftAgreement',
      data: {
        agreementId: id,
        title: 'Huế flood early-warning pilot',
        kind: 'GRANT',
        themes: ['environment'],
        parties: [hue, koica],
        startDate: '2022-01-01',
        endDate: '2024-12-31',
      },
    },
    {
      type: 'CommitFunding',
      data: { donor: 'org-koica', amount: { amount: '400000', currency: 'USD' }, committedOn: '2022-01-05' },
    },
    { type: 'ProposeAgreement', data: {} },
    { type: 'CountersignAgreement', data: { party: 'vn-hue' } },
    { type: 'CountersignAgreement', data: { party: 'org-koica' } },
    { type: 'ActivateAgreement', data: {} },
    { type: 'DisburseFunds', data: { donor: 'org-koica', amount: { amount: '150000.25', currency: 'USD' } } },
    { type: 'CompleteAgreement', data: { summary: 'Sirens and SMS alerts installed.' } },
  ]);
  return id;
}

/** A negotiation abandoned before signature: TERMINATED, never activated. */
export async function seedTerminated(store: EventStore): Promise<string> {
  const id = uuidv7();
  await record(store, 'vn-hue', id, [
    {
      type: 'DraftAgreement',
      data: {
        agreementId: id,
        title: 'Abandoned port study',
        kind: 'MOU',
        parties: [hue, adb],
        startDate: '2024-01-01',
      },
    },
    { type: 'TerminateAgreement', data: { reason: 'Partner withdrew before signature.' } },
  ]);
  return id;
}
