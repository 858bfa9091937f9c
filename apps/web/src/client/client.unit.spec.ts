import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseSseBlock, type Agreement } from './api.js';
import { formatMoney, translator } from './i18n.js';
import { offerFor } from './lifecycle.js';
import { addDecimal } from './money.js';
import { routeOf } from './router.js';
import { claimsOf } from './session.js';

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  agreementId: 'a1',
  title: 'Huế smart culture and tourism city',
  kind: 'GRANT',
  status: 'PROPOSED',
  themes: [],
  homeNode: 'vn-hue',
  parties: [
    { nodeId: 'vn-hue', name: 'Huế', role: 'CITY', country: 'VN', countersigned: false },
    { nodeId: 'org-koica', name: 'KOICA', role: 'DONOR', country: 'KR', countersigned: false },
  ],
  funding: [],
  milestones: [],
  revision: 1,
  ...over,
});

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('money per locale', () => {
  it('given 1 011 800 000 000 VND, then Vietnamese and English write it their own way', () => {
    // Intl puts a no-break space between amount and symbol, so the two never wrap apart.
    expect(formatMoney('1011800000000', 'VND', 'vi')).toBe('1.011.800.000.000\u00a0₫');
    expect(formatMoney('1011800000000', 'VND', 'en')).toBe('1,011,800,000,000 VND');
  });

  it('given cents, then they are kept exactly', () => {
    expect(formatMoney('2500000.50', 'USD', 'en')).toBe('2,500,000.50 USD');
    expect(formatMoney('2500000.50', 'USD', 'vi')).toMatch(/^2\.500\.000,50\s?US\$$/);
  });

  it('given more digits than a float holds, then none is lost', () => {
    expect(formatMoney('123456789012345678.25', 'USD', 'en')).toBe('123,456,789,012,345,678.25 USD');
  });

  it('given a calendar date, then it is not shifted by the time zone', () => {
    expect(translator('en').date('2021-08-02')).toBe('2 Aug 2021');
    expect(translator('vi').date('2021-08-02')).toMatch(/2 thg 8,? 2021/);
  });
});

describe('exact sums', () => {
  it('given any two amounts, then the sum is the sum of their cents', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        (a, b) => {
          const cents = (n: bigint) => `${n / 100n}.${String(n % 100n).padStart(2, '0')}`;
          expect(addDecimal(cents(a), cents(b))).toBe(cents(a + b));
        },
      ),
    );
  });
  it('given different scales, then the wider one is kept', () => {
    expect(addDecimal('13000000', '2500000.5')).toBe('15500000.5');
  });
});

describe('what the agreement page offers', () => {
  it('given a proposed agreement and an officer, then it countersigns for its own node only, no activate', () => {
    const offer = offerFor(agreement(), { sub: 'lan', role: 'officer', node: 'vn-hue' });
    expect(offer.actions).toContain('countersign');
    expect(offer.actions).not.toContain('activate');
    expect(offer.countersignFor).toEqual(['vn-hue']);
  });

  it('given an admin of a party node, then it may also countersign for the parties that are pending', () => {
    expect(offerFor(agreement(), { sub: 'root', role: 'admin', node: 'vn-hue' }).countersignFor).toEqual([
      'vn-hue',
      'org-koica',
    ]);
    expect(offerFor(agreement(), { sub: 'root', role: 'admin', node: 'vn-hanoi' }).actions).toEqual([]);
  });

  it('given a partner, then it countersigns only for itself and never proposes or terminates', () => {
    const offer = offerFor(agreement(), { sub: 'kim', role: 'partner', node: 'org-koica' });
    expect(offer.countersignFor).toEqual(['org-koica']);
    expect(offer.actions).not.toContain('terminate');
  });

  it('given an auditor, then nothing is offered', () => {
    expect(
      offerFor(agreement({ status: 'ACTIVE' }), { sub: 'a', role: 'auditor', node: 'vn-hue' }).actions,
    ).toEqual([]);
  });

  it('given an officer of a node that is no party, then nothing is offered', () => {
    expect(
      offerFor(agreement({ status: 'DRAFT' }), { sub: 'x', role: 'officer', node: 'vn-hanoi' }).actions,
    ).toEqual([]);
  });

  it('given a signed agreement, then activate is offered and propose is not', () => {
    const offer = offerFor(agreement({ status: 'SIGNED' }), undefined);
    expect(offer.actions).toContain('activate');
    expect(offer.actions).not.toContain('propose');
    expect(offer.actions).not.toContain('countersign');
  });
});

describe('routes, tokens and the event stream', () => {
  it('given UI paths, then each maps to its view', () => {
    expect(routeOf('/', '?status=ACTIVE')).toEqual({ view: 'board', status: 'ACTIVE' });
    expect(routeOf('/agreements/new', '')).toEqual({ view: 'draft' });
    expect(routeOf('/agreements/abc', '?asOf=2024-01-01T00:00:00Z')).toEqual({
      view: 'agreement',
      agreementId: 'abc',
      asOf: '2024-01-01T00:00:00Z',
    });
    expect(routeOf('/donors/org-koica', '')).toEqual({
      view: 'portfolio',
      kind: 'donor',
      nodeId: 'org-koica',
    });
    expect(routeOf('/nope/x/y', '')).toEqual({ view: 'notFound' });
  });

  it('given a token, then its claims are read; given anything else, then none', () => {
    expect(claimsOf(jwt({ sub: 'lan', role: 'officer', node: 'vn-hue', exp: 1 }))).toMatchObject({
      sub: 'lan',
      role: 'officer',
      node: 'vn-hue',
    });
    expect(claimsOf(jwt({ sub: 'lan', role: 'king', node: 'vn-hue' }))).toBeUndefined();
    expect(claimsOf('not a token')).toBeUndefined();
  });

  it('given SSE blocks, then id, event and data are read and comments skipped', () => {
    expect(parseSseBlock('id: 7\nevent: AgreementProposed\ndata: {"a":1}')).toEqual({
      id: '7',
      type: 'AgreementProposed',
      data: '{"a":1}',
    });
    expect(parseSseBlock(': keep-alive')).toBeUndefined();
  });
});
