/**
 * RFC 9457 problem details, the one error shape of every HTTP route. `code` is the stable,
 * machine-readable reason (the domain's or the store's error code); `errors` names every bad
 * field of the request with its path (`parties[1].country`).
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  /** Extension members (e.g. `currentRevision` on a 409). */
  readonly [extension: string]: unknown;
}

export interface FieldError {
  /** Path of the field in the request: `amount`, `parties[1].country`, `If-Match`. */
  readonly field: string;
  readonly message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A stable URI per code; a URN because the problem types are identifiers, not documents to fetch. */
export const problemType = (code: string): string =>
  `urn:ketnoi:problem:${code.toLowerCase().replaceAll('_', '-')}`;

export interface ProblemInit {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * An error raised at the edge (validation, idempotency, headers) that already knows its problem.
 * Domain and store errors stay free of HTTP: they are mapped in error-to-problem.ts.
 */
export class ProblemException extends Error {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

/** 400 naming every bad field. */
export const invalidRequest = (errors: readonly FieldError[]): ProblemException =>
  new ProblemException({
    status: 400,
    code: 'INVALID_REQUEST',
    title: 'Invalid request',
    detail: `Invalid ${errors.map((e) => e.field).join(', ')}: ${errors.map((e) => e.message).join('; ')}`,
    errors,
  });
