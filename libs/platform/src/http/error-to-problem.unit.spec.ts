import { describe, expect, it } from '@jest/globals';
import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@ketnoi/domain';
import { WrongExpectedRevisionError, StreamNotFoundError } from '@ketnoi/event-store';
import { errorToProblem } from './error-to-problem.js';
import { invalidRequest } from './problem.js';

describe('errorToProblem', () => {
  it('given a domain INVALID_VALUE with a field, then 400 naming the field with the domain reason', () => {
    const problem = errorToProblem(
      new DomainError('INVALID_VALUE', 'must be more than zero', 'amount'),
      '/v1/x',
    );
    expect(problem).toEqual({
      type: 'urn:ketnoi:problem:invalid-value',
      title: 'Invalid value',
      status: 400,
      detail: 'must be more than zero',
      code: 'INVALID_VALUE',
      instance: '/v1/x',
      errors: [{ field: 'amount', message: 'must be more than zero' }],
    });
  });

  it.each([
    ['ILLEGAL_TRANSITION', 422],
    ['NOT_A_PARTY', 422],
    ['NOT_FOUND', 404],
    ['ALREADY_EXISTS', 409],
    ['DATES_OUT_OF_ORDER', 400],
  ] as const)('given the domain code %s, then status %i', (code, status) => {
    const problem = errorToProblem(new DomainError(code, 'because'));
    expect({ status: problem.status, code: problem.code, detail: problem.detail }).toEqual({
      status,
      code,
      detail: 'because',
    });
  });

  it('given a wrong expected revision, then 409 with the current revision', () => {
    const problem = errorToProblem(new WrongExpectedRevisionError('agreement-1', 2, 5));
    expect(problem).toMatchObject({ status: 409, code: 'WRONG_EXPECTED_REVISION', currentRevision: 5 });
  });

  it('given a missing stream, then 404', () => {
    expect(errorToProblem(new StreamNotFoundError('agreement-1')).status).toBe(404);
  });

  it('given a rebuild refused on an inconsistent log, then 409 with what was found', () => {
    // Shaped as libs/projections' LogInconsistencyError (the platform does not import projections).
    const error = Object.assign(
      new Error(
        'the log ends at position 3, but checkpoint 9: events are missing (run `ketnoi audit verify`)',
      ),
      {
        code: 'LOG_INCONSISTENT',
      },
    );
    expect(errorToProblem(error)).toMatchObject({
      status: 409,
      code: 'LOG_INCONSISTENT',
      detail: expect.stringContaining('ketnoi audit verify'),
    });
  });

  it('given body-parser failures as Nest maps them, then 400 malformed JSON and 413', () => {
    const malformed = new BadRequestException('Unexpected end', {
      cause: new SyntaxError('Unexpected end of JSON input'),
    });
    expect(errorToProblem(malformed)).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
      errors: [{ field: 'body' }],
    });
    expect(errorToProblem(new PayloadTooLargeException())).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(errorToProblem(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('given an unknown error, then 500 without its message', () => {
    const problem = errorToProblem(new Error('password=hunter2 at db.internal'));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  it('given an edge validation problem, then every field is kept', () => {
    const problem = errorToProblem(
      invalidRequest([
        { field: 'parties[1].country', message: 'bad' },
        { field: 'amount', message: 'bad' },
      ]),
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['parties[1].country', 'amount']);
    expect(problem.detail).toContain('parties[1].country');
  });
});
