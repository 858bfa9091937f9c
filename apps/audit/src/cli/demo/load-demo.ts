import type { DemoAgreement } from './demo-agreement.js';
import { idempotencyKeyOf, planDemoAgreement, type DemoStep } from './demo-plan.js';

export interface LoadDemoOptions {
  /** Base URL of a running node, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  readonly token?: string;
  /** Called once per agreement as soon as it is loaded. */
  readonly onLoaded?: (result: LoadedAgreement) => void;
  /** Called for each agreement another node is home of (see `loadDemo`). */
  readonly onSkipped?: (agreement: DemoAgreement, homeNode: string) => void;
}

export interface DemoRun {
  /** The node the URL belongs to. */
  readonly node: string;
  readonly loaded: readonly LoadedAgreement[];
  readonly skipped: readonly DemoAgreement[];
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
  /** The node answered from its idempotency record: nothing was recorded. */
  readonly replayed: boolean;
}

/**
 * Sends the demo data set through the node's HTTP API. Every command carries an
 * `Idempotency-Key` derived from the demo item, so a second run records nothing new: the node
 * answers each retried command with its original result (`Idempotent-Replayed: true`). A command
 * counts as new when it was not replayed and its result lies after the log head read before the
 * run (a command the domain accepts as a no-op records nothing).
 *
 * Only the agreements this node is home of are loaded: the domain lets only a party draft an
 * agreement (its home writes its stream), so Cần Thơ's agreements load into a `vn-cantho` node.
 */
export async function loadDemo(
  agreements: readonly DemoAgreement[],
  options: LoadDemoOptions,
): Promise<DemoRun> {
  const base = options.url.replace(/\/+$/, '');
  const { node, position: headBefore } = await readiness(base);
  const loaded: LoadedAgreement[] = [];
  const skipped: DemoAgreement[] = [];
  for (const agreement of agreements) {
    const home = homeOf(agreement);
    if (home !== node) {
      skipped.push(agreement);
      options.onSkipped?.(agreement, home);
      continue;
    }
    let agreementId: string | undefined;
    let newCommands = 0;
    const steps = planDemoAgreement(agreement);
    for (const step of steps) {
      const path =
        step.command === undefined ? '/v1/agreements' : `/v1/agreements/${agreementId}/${step.command}`;
      const result = await send(base, path, agreement, step, options.token);
      agreementId ??= result.agreementId;
      if (!result.replayed && BigInt(result.position) > headBefore) newCommands += 1;
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
  return { node, loaded, skipped };
}

/** The first party drafts the agreement. */
export const homeOf = (agreement: DemoAgreement): string => agreement.draft.parties[0]!.nodeId;

async function send(
  base: string,
  path: string,
  agreement: DemoAgreement,
  step: DemoStep,
  token?: string,
): Promise<CommandResponse> {
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
    throw new DemoLoadError(
      agreement.key,
      step.step,
      response.status,
      `unexpected answer ${text.slice(0, 200)}`,
    );
  }
  return { ...(body as CommandResponse), replayed: response.headers.get('idempotent-replayed') === 'true' };
}

/** The node's id and log head, from `/health/ready`; also checks the node is up before sending anything. */
async function readiness(base: string): Promise<{ node: string; position: bigint }> {
  let response: Response;
  try {
    response = await fetch(`${base}/health/ready`);
  } catch (error) {
    throw new Error(
      `no Kết nối node answers at ${base} (${(error as Error).cause ?? (error as Error).message}); start one with \`ketnoi start\``,
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    node?: string;
    position?: string;
    reason?: string;
  };
  if (!response.ok || body.position === undefined || body.node === undefined) {
    throw new Error(`the node at ${base} is not ready: ${body.reason ?? `HTTP ${response.status}`}`);
  }
  return { node: body.node, position: BigInt(body.position) };
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as {
      title?: string;
      detail?: string;
      errors?: { field: string; message: string }[];
    };
    const fields = problem.errors?.map((error) => `${error.field}: ${error.message}`).join('; ');
    return [problem.title, problem.detail, fields].filter(Boolean).join(': ');
  } catch {
    return text.slice(0, 200);
  }
}
