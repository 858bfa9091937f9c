import type { DemoAgreement } from './demo-agreement.js';
import { idempotencyKeyOf, planDemoAgreement, type DemoStep } from './demo-plan.js';

export interface LoadDemoOptions {
  /** Base URL of a running node, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  readonly token?: string;
  /** Called once per agreement as soon as it is loaded. */
  readonly onLoaded?: (result: LoadedAgreement) => void;
}

export interface LoadedAgreement {
  readonly key: string;
  readonly agreementId: string;
  readonly title: string;
  readonly stage: string;
  /** Commands that recorded something new on this run; 0 when an earlier run did it all. */
  readonly newCommands: number;
  readonly commands: number;
}

/** A command the node refused; names the demo item and step so the data can be fixed. */
export class DemoLoadError extends Error {
  constructor(
    readonly key: string,
    readonly step: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${key} ${step}: HTTP ${status}: ${detail}`);
    this.name = 'DemoLoadError';
  }
}

interface CommandResponse {
  readonly agreementId: string;
  readonly revision: number;
  readonly position: string;
}

/**
 * Sends the demo data set through the node's HTTP API. Every command carries an
 * `Idempotency-Key` derived from the demo item, so a second run records nothing new: the node
 * answers each retried command with its original result. A command counts as new when its
 * result lies after the head of the log read before the run.
 */
export async function loadDemo(agreements: readonly DemoAgreement[], options: LoadDemoOptions): Promise<LoadedAgreement[]> {
  const base = options.url.replace(/\/+$/, '');
  const headBefore = await headPosition(base);
  const loaded: LoadedAgreement[] = [];
  for (const agreement of agreements) {
    let agreementId: string | undefined;
    let newCommands = 0;
    const steps = planDemoAgreement(agreement);
    for (const step of steps) {
      const path = step.command === undefined ? '/v1/agreements' : `/v1/agreements/${agreementId}/${step.command}`;
      const result = await send(base, path, agreement, step, options.token);
      agreementId ??= result.agreementId;
      if (BigInt(result.position) > headBefore) newCommands += 1;
    }
    const result: LoadedAgreement = {
      key: agreement.key,
      agreementId: agreementId!,
      title: agreement.draft.titleTranslations.en ?? agreement.draft.title,
      stage: agreement.stage,
      newCommands,
      commands: steps.length,
    };
    options.onLoaded?.(result);
    loaded.push(result);
  }
  return loaded;
}

async function send(base: string, path: string, agreement: DemoAgreement, step: DemoStep, token?: string): Promise<CommandResponse> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, application/problem+json',
      'idempotency-key': idempotencyKeyOf(agreement, step),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(step.body),
  });
  const text = await response.text();
  if (!response.ok) throw new DemoLoadError(agreement.key, step.step, response.status, problemDetail(text));
  const body = JSON.parse(text) as Partial<CommandResponse>;
  if (typeof body.agreementId !== 'string' || typeof body.position !== 'string') {
    throw new DemoLoadError(agreement.key, step.step, response.status, `unexpected answer ${text.slice(0, 200)}`);
  }
  return body as CommandResponse;
}

/** The node's log head, from `/health/ready`; also checks the node is up before sending anything. */
async function headPosition(base: string): Promise<bigint> {
  let response: Response;
  try {
    response = await fetch(`${base}/health/ready`);
  } catch (error) {
    throw new Error(`no Kết nối node answers at ${base} (${(error as Error).cause ?? (error as Error).message}); start one with \`ketnoi start\``);
  }
  const body = (await response.json().catch(() => ({}))) as { status?: string; position?: string; reason?: string };
  if (!response.ok || body.position === undefined) {
    throw new Error(`the node at ${base} is not ready: ${body.reason ?? `HTTP ${response.status}`}`);
  }
  return BigInt(body.position);
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string; errors?: { field: string; message: string }[] };
    const fields = problem.errors?.map((error) => `${error.field}: ${error.message}`).join('; ');
    return [problem.title, problem.detail, fields].filter(Boolean).join(': ');
  } catch {
    return text.slice(0, 200);
  }
}
