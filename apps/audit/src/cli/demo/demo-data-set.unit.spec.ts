import { describe, expect, it } from '@jest/globals';
import countries from 'i18n-iso-countries';
import { AGREEMENT_KINDS, PARTY_ROLES } from '@ketnoi/domain';
import { DEMO_AGREEMENTS } from './demo-data-set.js';
import { idempotencyKeyOf, planDemoAgreement } from './demo-plan.js';

const byKey = (key: string) => DEMO_AGREEMENTS.find((agreement) => agreement.key === key)!;

describe('the demo data set', () => {
  it('holds the agreements docs/design.md lists, each under a unique stable key', () => {
    const keys = DEMO_AGREEMENTS.map((agreement) => agreement.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    expect(DEMO_AGREEMENTS.map((agreement) => agreement.draft.parties[0]!.nodeId)).toEqual(
      expect.arrayContaining(['vn-hue', 'vn-cantho', 'vn-danang', 'vn-hanoi', 'vn-haiphong', 'vn-hcmc']),
    );
  });

  it('records the Huế–KOICA grant of 13 000 000 USD', () => {
    const koica = byKey('hue-koica-smart-culture-tourism');
    expect(koica.draft.titleTranslations.en).toBe('Huế smart culture and tourism city');
    expect(koica.draft.kind).toBe('GRANT');
    expect(koica.funding).toEqual([{ amount: '13000000', currency: 'USD', donor: 'org-koica' }]);
  });

  it('records the Cần Thơ scheme budget as an exact VND amount', () => {
    expect(byKey('cantho-smart-city-scheme-2021-2025').funding?.[0]).toMatchObject({
      amount: '1011800000000',
      currency: 'VND',
    });
  });

  it.each(DEMO_AGREEMENTS.map((agreement) => [agreement.key, agreement] as const))(
    '%s is well formed',
    (_key, agreement) => {
      const { draft } = agreement;
      expect(AGREEMENT_KINDS).toContain(draft.kind);
      expect(draft.titleTranslations.vi).toBe(draft.title);
      expect(draft.titleTranslations.en).toBeTruthy();
      expect(draft.parties.length).toBeGreaterThanOrEqual(2);
      const nodeIds = draft.parties.map((party) => party.nodeId);
      expect(new Set(nodeIds).size).toBe(nodeIds.length);
      for (const party of draft.parties) {
        expect(party.nodeId).toMatch(/^[a-z0-9][a-z0-9-]{1,62}$/);
        expect(PARTY_ROLES).toContain(party.role);
        expect(countries.isValid(party.country)).toBe(true);
      }
      for (const funding of agreement.funding ?? []) {
        expect(nodeIds).toContain(funding.donor);
        expect(funding.amount).toMatch(/^\d+(\.\d+)?$/);
        expect(funding.currency).toMatch(/^[A-Z]{3}$/);
      }
      for (const date of [
        draft.startDate,
        draft.endDate,
        ...(agreement.milestones ?? []).map((m) => m.dueDate),
      ]) {
        if (date !== undefined) expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
      }
      if (draft.startDate && draft.endDate) expect(draft.startDate < draft.endDate).toBe(true);
      expect(agreement.sources.length).toBeGreaterThan(0);
    },
  );

  it('spreads over the lifecycle: some drafts, some proposed, some signed or active', () => {
    const stages = new Set(DEMO_AGREEMENTS.map((agreement) => agreement.stage));
    expect([...stages].sort()).toEqual(['ACTIVE', 'DRAFT', 'PROPOSED', 'SIGNED']);
  });
});

describe('planDemoAgreement', () => {
  it('given an active grant, then it drafts, proposes, countersigns for every party, activates and commits funding', () => {
    const koica = byKey('hue-koica-smart-culture-tourism');
    expect(planDemoAgreement(koica).map((step) => step.step)).toEqual([
      'draft',
      'propose',
      'countersign-vn-hue',
      'countersign-org-koica',
      'activate',
      'funding-0',
    ]);
  });

  it('given a draft, then it only drafts and plans milestones', () => {
    const hanoi = byKey('hanoi-french-advice-smart-city-transport');
    expect(planDemoAgreement(hanoi).map((step) => step.command)).toEqual([undefined]);
  });

  it('derives one distinct idempotency key per command, the same on every run', () => {
    const keys = DEMO_AGREEMENTS.flatMap((agreement) =>
      planDemoAgreement(agreement).map((step) => idempotencyKeyOf(agreement, step)),
    );
    expect(new Set(keys).size).toBe(keys.length);
    const again = DEMO_AGREEMENTS.flatMap((agreement) =>
      planDemoAgreement(agreement).map((step) => idempotencyKeyOf(agreement, step)),
    );
    expect(again).toEqual(keys);
  });
});
