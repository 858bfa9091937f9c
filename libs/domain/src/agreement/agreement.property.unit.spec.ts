import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../errors.js';
import { toBig, parseMoney } from '../values/money.js';
import { AGREEMENT_ID, assertInvariants, draftHueKoica } from '../testing/index.js';
import type { AgreementCommand, CommandMetadata } from './commands.js';
import { decide } from './decide.js';
import type { AgreementEvent } from './events.js';
import { evolve, fold } from './evolve.js';
import { initialState, type Agreement } from './state.js';
import type { Party } from './vocabulary.js';

// A small world so that random commands often hit each other: four nodes,
// a few ids, dates around the agreement's period, amounts that add up.
const NODES = ['vn-hue', 'org-koica', 'fr-nevers', 'org-adb'] as const;
const PARTIES: Record<string, Party> = {
  'vn-hue': { nodeId: 'vn-hue', name: 'Thừa Thiên Huế', role: 'PROVINCE', country: 'VN' },
  'org-koica': { nodeId: 'org-koica', name: 'KOICA', role: 'DONOR', country: 'KR' },
  'fr-nevers': { nodeId: 'fr-nevers', name: 'Nevers', role: 'CITY', country: 'FR' },
  'org-adb': { nodeId: 'org-adb', name: 'Asian Development Bank', role: 'AGENCY', country: 'PH' },
};
const DATES = [
  '2020-06-01',
  '2021-01-01',
  '2021-06-30',
  '2023-03-15',
  '2025-12-31',
  '2026-01-02',
  '2027-06-30',
];
const AMOUNTS = ['1', '0.50', '2500000.50', '1000000', '13000000', '1011800000000'];

const node = fc.constantFrom(...NODES);
const date = fc.constantFrom(...DATES);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const meta: fc.Arbitrary<CommandMetadata> = fc
  .record({
    actorNode: fc.oneof({ weight: 3, arbitrary: fc.constant('vn-hue') }, { weight: 2, arbitrary: node }),
    day: fc.constantFrom(...DATES.slice(1)),
  })
  .map(({ actorNode, day }) => ({ actor: `officer@${actorNode}`, actorNode, now: `${day}T09:00:00+07:00` }));
const money = fc.record({ amount: fc.constantFrom(...AMOUNTS), currency: fc.constantFrom('USD', 'VND') });

const cmd = <T extends AgreementCommand['type']>(
  type: T,
  data: fc.Arbitrary<Extract<AgreementCommand, { type: T }>['data']>,
) => fc.tuple(data, meta).map(([d, metadata]) => ({ type, data: d, metadata }) as AgreementCommand);

const commandArb: fc.Arbitrary<AgreementCommand> = fc.oneof(
  cmd(
    'DraftAgreement',
    fc
      .record({ parties: fc.subarray(Object.values(PARTIES), { minLength: 1 }) })
      .map(({ parties }) => ({ ...draftHueKoica().data, parties })),
  ),
  cmd(
    'InviteParty',
    node.map((n) => ({ party: PARTIES[n]! })),
  ),
  cmd(
    'WithdrawParty',
    node.map((nodeId) => ({ nodeId, reason: 'changed plans' })),
  ),
  cmd(
    'AmendTerms',
    fc
      .record({
        title: maybe(fc.constantFrom('Huế smart city', 'Phase 2')),
        startDate: maybe(date),
        endDate: maybe(date),
      })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
  ),
  { weight: 3, arbitrary: cmd('ProposeAgreement', fc.constant({})) },
  {
    weight: 6,
    arbitrary: cmd(
      'CountersignAgreement',
      node.map((party) => ({ party })),
    ),
  },
  {
    weight: 3,
    arbitrary: cmd(
      'ActivateAgreement',
      fc.option(date, { freq: 4, nil: undefined }).map((activatedOn) => (activatedOn ? { activatedOn } : {})),
    ),
  },
  cmd(
    'PlanMilestone',
    fc.record({
      milestoneId: fc.constantFrom('m1', 'm2'),
      title: fc.constant('Digital twin'),
      dueDate: date,
    }),
  ),
  cmd(
    'ReportMilestone',
    fc.record({
      milestoneId: fc.constantFrom('m1', 'm2', 'm3'),
      outcome: fc.constantFrom('ACHIEVED', 'MISSED') as fc.Arbitrary<'ACHIEVED' | 'MISSED'>,
    }),
  ),
  { weight: 3, arbitrary: cmd('CommitFunding', fc.record({ donor: node, amount: money })) },
  { weight: 4, arbitrary: cmd('DisburseFunds', fc.record({ donor: node, amount: money })) },
  { weight: 2, arbitrary: cmd('SuspendAgreement', fc.constant({ reason: 'audit' })) },
  { weight: 2, arbitrary: cmd('ResumeAgreement', fc.constant({})) },
  cmd(
    'RenewAgreement',
    date.map((newEndDate) => ({ newEndDate })),
  ),
  cmd('CompleteAgreement', fc.constant({})),
  cmd('TerminateAgreement', fc.constant({ reason: 'funding withdrawn' })),
  cmd('ExpireAgreement', fc.constant({})),
  cmd(
    'AttachDocument',
    fc.record({
      documentId: fc.constantFrom('d1', 'd2'),
      name: fc.constant('MoU.pdf'),
      sha256: fc.constant('c'.repeat(64)),
    }),
  ),
  cmd('RecordNote', fc.record({ noteId: fc.constantFrom('n1', 'n2'), text: fc.constant('Họp với đối tác') })),
);

// Every run starts from a valid draft, else most runs would never leave NONE,
// and time moves forward through a run as it does at the edge.
const runs = fc
  .tuple(
    fc.constant<AgreementCommand>(draftHueKoica()),
    fc.array(commandArb, { minLength: 5, maxLength: 80, size: 'max' }),
  )
  .map(([draft, rest]) => {
    const commands = [
      { ...draft, metadata: { ...draft.metadata, now: '2021-01-01T09:00:00+07:00' } },
      ...rest,
    ];
    const clock = commands.map((c) => c.metadata.now).sort();
    return commands.map(
      (c, i) => ({ ...c, metadata: { ...c.metadata, now: clock[i]! } }) as AgreementCommand,
    );
  });

interface Run {
  readonly state: Agreement;
  readonly events: AgreementEvent[];
  readonly statuses: Set<string>;
}

/** Applies commands as the command handler does: refused ones record nothing. */
function play(commands: AgreementCommand[]): Run {
  let state = initialState();
  const events: AgreementEvent[] = [];
  const statuses = new Set<string>();
  for (const command of commands) {
    let decided: AgreementEvent[];
    try {
      decided = decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error; // anything but a refusal is a bug
    }
    for (const event of decided) state = evolve(state, event);
    assertInvariants(state);
    events.push(...decided);
    statuses.add(state.status);
  }
  return { state, events, statuses };
}

describe('the agreement under random command sequences', () => {
  it('never reaches a state that breaks an invariant, and evolve accepts whatever decide records', () => {
    fc.assert(
      fc.property(runs, (commands) => void play(commands)),
      { numRuns: 300 },
    );
  });

  it('folds the same events to the same state, every time', () => {
    fc.assert(
      fc.property(runs, (commands) => {
        const { state, events } = play(commands);
        const copy = structuredClone(events);
        expect(fold(events)).toEqual(state);
        expect(fold(copy)).toEqual(fold(events));
        expect(events).toEqual(copy); // folding does not mutate the events
      }),
      { numRuns: 200 },
    );
  });

  it('explores the whole lifecycle (the generator is not stuck in drafts)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(runs, (commands) => void play(commands).statuses.forEach((s) => reached.add(s))),
      { numRuns: 300, seed: 42 },
    );
    expect([...reached].sort()).toEqual([
      'ACTIVE',
      'COMPLETED',
      'DRAFT',
      'EXPIRED',
      'PROPOSED',
      'SIGNED',
      'SUSPENDED',
      'TERMINATED',
    ]);
  });

  it('keeps the agreement id it was drafted with', () => {
    fc.assert(
      fc.property(runs, (commands) =>
        expect(play(commands).state).toMatchObject({ agreementId: AGREEMENT_ID }),
      ),
      { numRuns: 50 },
    );
  });
});

describe('money under random amounts', () => {
  const amount = fc
    .tuple(
      fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 0, max: 999_999 }),
    )
    .map(([integer, digits, fraction]) =>
      digits === 0 ? `${integer}` : `${integer}.${String(fraction).padStart(6, '0').slice(0, digits)}`,
    );

  it('normalises to one canonical string that keeps the exact value and parses to itself', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom('USD', 'VND', 'BHD', 'EUR'), (raw, currency) => {
        fc.pre(toBig(raw).gt(0));
        const once = parseMoney({ amount: raw, currency }, 'amount');
        expect(toBig(once.amount).eq(toBig(raw))).toBe(true);
        expect(parseMoney(once, 'amount')).toEqual(once);
        expect(once.amount).toMatch(/^[1-9]\d*(\.\d+)?$|^0\.\d+$/);
      }),
    );
  });
});
