import type { DemoAgreement, DemoStage } from './demo-agreement.js';

/** One HTTP command of the demo; `step` is unique within its agreement and part of the idempotency key. */
export interface DemoStep {
  readonly step: string;
  /** `undefined` for the draft (POST /v1/agreements), else the command after /v1/agreements/{id}/. */
  readonly command: string | undefined;
  readonly body: Record<string, unknown>;
}

const STAGE_ORDER: readonly DemoStage[] = ['DRAFT', 'PROPOSED', 'SIGNED', 'ACTIVE'];
const reaches = (agreement: DemoAgreement, stage: DemoStage) =>
  STAGE_ORDER.indexOf(agreement.stage) >= STAGE_ORDER.indexOf(stage);

/**
 * The commands that bring `agreement` to its stage, in the order an officer would send them:
 * draft, plan milestones, propose, every party countersigns (parties without a node of their own
 * are countersigned by the home's officer), activate, then commit the funding.
 */
export function planDemoAgreement(agreement: DemoAgreement): DemoStep[] {
  const steps: DemoStep[] = [{ step: 'draft', command: undefined, body: { ...agreement.draft } }];
  agreement.milestones?.forEach((milestone, index) =>
    steps.push({ step: `milestone-${index}`, command: 'milestones', body: { ...milestone } }),
  );
  if (reaches(agreement, 'PROPOSED')) steps.push({ step: 'propose', command: 'propose', body: {} });
  if (reaches(agreement, 'SIGNED')) {
    for (const party of agreement.draft.parties) {
      steps.push({
        step: `countersign-${party.nodeId}`,
        command: 'countersign',
        body: { party: party.nodeId },
      });
    }
  }
  if (reaches(agreement, 'ACTIVE')) {
    steps.push({
      step: 'activate',
      command: 'activate',
      body: agreement.activatedOn === undefined ? {} : { activatedOn: agreement.activatedOn },
    });
  }
  agreement.funding?.forEach((funding, index) =>
    steps.push({ step: `funding-${index}`, command: 'funding', body: { ...funding } }),
  );
  return steps;
}

/** Stable across runs and machines: the same demo item always sends the same key. */
export const idempotencyKeyOf = (agreement: DemoAgreement, step: DemoStep): string =>
  `ketnoi-demo.${agreement.key}.${step.step}`;
