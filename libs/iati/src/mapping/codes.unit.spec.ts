import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGREEMENT_STATUSES, PARTY_ROLES } from '@ketnoi/domain';
import { IATI_DATA } from '../testing/kit.js';
import {
  ACTIVITY_DATE,
  ACTIVITY_STATUS,
  BUDGET,
  ORGANISATION_ROLE,
  PARTY_ORGANISATION,
  partyRoleOf,
  sectorsOf,
  splitPercentages,
  THEME_SECTORS,
  TRANSACTION_TYPE,
} from './codes.js';

async function codeList(name: string): Promise<Set<string>> {
  const xml = await readFile(join(IATI_DATA, 'codelists', `${name}.xml`), 'utf8');
  // Withdrawn codes stay in the files for old data; the hub never writes one.
  const active = [
    ...xml.matchAll(/<codelist-item(?![^>]*status="withdrawn")[^>]*>\s*<code>([^<]+)<\/code>/g),
  ];
  return new Set(active.map((m) => m[1]!));
}

describe('IATI code mapping', () => {
  it('every code the hub writes is an active code of its official list', async () => {
    const [status, dateType, role, orgType, sector, transaction, budgetType, budgetStatus] =
      await Promise.all(
        [
          'ActivityStatus',
          'ActivityDateType',
          'OrganisationRole',
          'OrganisationType',
          'Sector',
          'TransactionType',
          'BudgetType',
          'BudgetStatus',
        ].map(codeList),
      );
    for (const s of AGREEMENT_STATUSES) expect([s, status!.has(ACTIVITY_STATUS[s])]).toEqual([s, true]);
    for (const code of Object.values(ACTIVITY_DATE)) expect(dateType!.has(code)).toBe(true);
    for (const code of Object.values(ORGANISATION_ROLE)) expect(role!.has(code)).toBe(true);
    for (const r of PARTY_ROLES) {
      expect([r, role!.has(PARTY_ORGANISATION[r].role), orgType!.has(PARTY_ORGANISATION[r].type)]).toEqual([
        r,
        true,
        true,
      ]);
    }
    for (const [theme, code] of Object.entries(THEME_SECTORS))
      expect([theme, sector!.has(code)]).toEqual([theme, true]);
    for (const code of Object.values(TRANSACTION_TYPE)) expect(transaction!.has(code)).toBe(true);
    expect(budgetType!.has(BUDGET.type) && budgetStatus!.has(BUDGET.status)).toBe(true);
  });

  it('given a party role, when written and read back from its IATI role and type, then funders and extenders keep their role', () => {
    for (const r of PARTY_ROLES) {
      const back = partyRoleOf(PARTY_ORGANISATION[r].role, PARTY_ORGANISATION[r].type);
      // PROVINCE and CITY share Local Government; the export carries ketnoi:role for the exact one.
      expect([r, back]).toEqual([r, r === 'PROVINCE' ? 'CITY' : r]);
    }
  });

  it("sectors start with decentralised cooperation (15112) and add each theme's sector once", () => {
    expect(sectorsOf([])).toEqual(['15112']);
    expect(sectorsOf(['smart-city', 'urban-planning', 'tourism', 'unknown'])).toEqual([
      '15112',
      '43030',
      '33210',
    ]);
  });

  it('given any number of sectors, when split, then whole percentages sum to exactly 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (n) => {
        const shares = splitPercentages(n);
        expect(shares).toHaveLength(n);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
        expect(Math.min(...shares)).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
