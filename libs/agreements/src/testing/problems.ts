import { expect } from '@jest/globals';
import type { Response } from 'supertest';

/** Asserts an RFC 9457 problem with the status, code and (when given) exactly these fields named. */
export function expectProblem(
  response: Response,
  status: number,
  code: string,
  fields?: readonly string[],
): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    type: expect.stringMatching(/^urn:ketnoi:problem:/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
  });
  if (fields) {
    const named = [...new Set((response.body.errors ?? []).map((e: { field: string }) => e.field))].sort();
    expect(named).toEqual([...fields].sort());
  }
}
