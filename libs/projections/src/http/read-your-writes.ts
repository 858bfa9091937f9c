import type { HttpResponse } from '@ketnoi/platform';
import { ProblemException, invalidRequest, parseAsOf, type AsOf } from '@ketnoi/platform';
import type { ProjectionsHost } from '../projections-host.js';

/** Waits for `minPosition` in the named projections; on timeout the 503 carries Retry-After. */
export async function readYourWrites(
  host: ProjectionsHost,
  minPosition: string | undefined,
  names: readonly string[],
  response: HttpResponse,
): Promise<void> {
  try {
    await host.awaitPosition(minPosition === undefined ? undefined : BigInt(minPosition), names);
  } catch (error) {
    if (error instanceof ProblemException && error.problem.status === 503)
      response.setHeader('Retry-After', '1');
    throw error;
  }
}

export function asOfParam(text: string): AsOf {
  const asOf = parseAsOf(text);
  if (!asOf)
    throw invalidRequest([
      { field: 'asOf', message: 'must be a global position (digits) or an ISO 8601 instant' },
    ]);
  return asOf;
}
