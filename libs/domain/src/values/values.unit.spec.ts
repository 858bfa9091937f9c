import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { parseCountry } from './country.js';
import { parseCurrency } from './currency.js';
import { dateOfInstant, isIsoDate, parseInstant } from './dates.js';
import {
  agreementStreamId,
  endorsementStreamId,
  parseAgreementId,
  parseAgreementStreamId,
  parseEndorsementStreamId,
  parseNodeId,
  parseSha256,
} from './ids.js';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_VALUE') return error.field;
    throw error;
  }
  throw new Error('expected INVALID_VALUE');
};

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(['2024-02-29', '2000-02-29', '2025-12-31', '2021-08-02'].every(isIsoDate)).toBe(true);
    expect(
      ['2023-02-29', '1900-02-29', '2024-13-01', '2024-04-31', '2024-1-01', '20240101', '2024-00-10'].some(
        isIsoDate,
      ),
    ).toBe(false);
  });

  it('takes the date of an instant in its own zone', () => {
    expect(dateOfInstant(parseInstant('2026-11-22T23:30:00+07:00', 'now'))).toBe('2026-11-22');
    expect(fieldOf(() => parseInstant('2026-11-22 10:00', 'metadata.now'))).toBe('metadata.now');
    expect(fieldOf(() => parseInstant('2026-02-30T10:00:00Z', 'metadata.now'))).toBe('metadata.now');
  });
});

describe('countries and currencies', () => {
  it('accepts ISO 3166-1 alpha-2, upper-cased', () => {
    expect(parseCountry('vn', 'country')).toBe('VN');
    expect(parseCountry('KR', 'country')).toBe('KR');
    for (const bad of ['VNM', '704', 'XX', 'Vietnam', ''])
      expect(fieldOf(() => parseCountry(bad, 'parties[1].country'))).toBe('parties[1].country');
  });

  it('accepts ISO 4217 codes known to the runtime', () => {
    expect(parseCurrency('vnd', 'currency')).toBe('VND');
    expect(parseCurrency('EUR', 'currency')).toBe('EUR');
    expect(fieldOf(() => parseCurrency('ABC', 'amount.currency'))).toBe('amount.currency');
  });
});

describe('ids', () => {
  const id = '0193B5A0-7C1E-7D2A-9F10-4C5D6E7F8A9B';

  it('names agreement and endorsement streams and parses them back', () => {
    const agreementId = parseAgreementId(id, 'agreementId');
    expect(agreementId).toBe(id.toLowerCase());
    expect(agreementStreamId(agreementId)).toBe(`agreement-${agreementId}`);
    expect(parseAgreementStreamId(agreementStreamId(agreementId))).toBe(agreementId);
    expect(parseAgreementStreamId('endorsement-x')).toBeUndefined();
    expect(parseAgreementStreamId('agreement-not-a-uuid')).toBeUndefined();
    const stream = endorsementStreamId(agreementId, 'org-koica');
    expect(stream).toBe(`endorsement-${agreementId}-org-koica`);
    expect(parseEndorsementStreamId(stream)).toEqual({ agreementId, nodeId: 'org-koica' });
    expect(parseEndorsementStreamId(agreementStreamId(agreementId))).toBeUndefined();
  });

  it('validates node ids, agreement ids and digests', () => {
    expect(parseNodeId('vn-hue', 'nodeId')).toBe('vn-hue');
    for (const bad of ['VN-HUE', '-hue', 'h', 'vn_hue', 'a'.repeat(64)])
      expect(fieldOf(() => parseNodeId(bad, 'nodeId'))).toBe('nodeId');
    expect(fieldOf(() => parseAgreementId('42', 'agreementId'))).toBe('agreementId');
    expect(parseSha256('AB'.repeat(32), 'sha256')).toBe('ab'.repeat(32));
    expect(fieldOf(() => parseSha256('ab'.repeat(31), 'sha256'))).toBe('sha256');
  });
});
