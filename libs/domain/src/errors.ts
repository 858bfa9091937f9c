/**
 * Stable codes of every refusal the domain can give. They are part of the API
 * (problem+json `code`, gRPC details): add codes, never rename one.
 */
export const DOMAIN_ERROR_CODES = [
  'INVALID_VALUE',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'ILLEGAL_TRANSITION',
  'NOT_A_PARTY',
  'ALREADY_COUNTERSIGNED',
  'NOT_ON_BEHALF',
  'TOO_FEW_PARTIES',
  'HOME_NODE_REQUIRED',
  'FUNDING_COMMITTED',
  'EXCEEDS_COMMITMENT',
  'ALREADY_REPORTED',
  'DATES_OUT_OF_ORDER',
  'NOT_YET_EXPIRED',
  'UNSUPPORTED_SCHEMA_VERSION',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * How the edge should present a code, so one exception filter maps every code
 * without knowing each rule: INVALID_INPUT -> 400, NOT_FOUND -> 404,
 * CONFLICT -> 409, RULE_VIOLATION -> 422.
 */
export type DomainErrorCategory = 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'RULE_VIOLATION';

const CATEGORIES: Record<DomainErrorCode, DomainErrorCategory> = {
  INVALID_VALUE: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'CONFLICT',
  ILLEGAL_TRANSITION: 'RULE_VIOLATION',
  NOT_A_PARTY: 'RULE_VIOLATION',
  ALREADY_COUNTERSIGNED: 'CONFLICT',
  NOT_ON_BEHALF: 'RULE_VIOLATION',
  TOO_FEW_PARTIES: 'RULE_VIOLATION',
  HOME_NODE_REQUIRED: 'RULE_VIOLATION',
  FUNDING_COMMITTED: 'RULE_VIOLATION',
  EXCEEDS_COMMITMENT: 'RULE_VIOLATION',
  ALREADY_REPORTED: 'CONFLICT',
  DATES_OUT_OF_ORDER: 'INVALID_INPUT',
  NOT_YET_EXPIRED: 'RULE_VIOLATION',
  UNSUPPORTED_SCHEMA_VERSION: 'RULE_VIOLATION',
};

export const domainErrorCategory = (code: DomainErrorCode): DomainErrorCategory => CATEGORIES[code];

/**
 * A refusal by the domain: never an HTTP exception, the edge maps it.
 * `reason` is a sentence for people; `field` names the offending input
 * (e.g. `parties[1].country`, `amount.currency`) when there is one.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    readonly reason: string,
    readonly field?: string,
  ) {
    super(field ? `${code} (${field}): ${reason}` : `${code}: ${reason}`);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** Shorthand for the most common refusal: a bad value in a named field. */
export const invalid = (field: string, reason: string): DomainError =>
  new DomainError('INVALID_VALUE', reason, field);
