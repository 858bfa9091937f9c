import { v5 as uuidv5 } from 'uuid';

/** One agreement of the generated federation: who is home, who are the parties, how many notes follow the draft. */
export interface PlannedAgreement {
  readonly agreementId: string;
  readonly home: string;
  /** The home first, then the others; all distinct. */
  readonly parties: readonly string[];
  readonly notes: number;
}

/** mulberry32: a small seeded PRNG, so a run's graph can be generated again from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRAPH_NAMESPACE = '4c7e2f0a-5b1d-4e8a-9f3c-2a6b8d0e1f47';

/**
 * A random agreement graph over `nodes`: each agreement has 2 to 4 distinct parties, one of them
 * (at random) its home, and `notes` more events after the draft. Agreement ids derive from the
 * seed too, so the whole graph is reproducible.
 */
export function randomAgreementGraph(nodes: readonly string[], agreements: number, notes: number, seed: number): PlannedAgreement[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: agreements }, (_, i) => {
    const size = Math.min(nodes.length, 2 + pick(3));
    const pool = [...nodes];
    const parties: string[] = [];
    while (parties.length < size) parties.push(pool.splice(pick(pool.length), 1)[0]!);
    return { agreementId: uuidv5(`${seed}/${i}`, GRAPH_NAMESPACE), home: parties[0]!, parties, notes };
  });
}

/** Events each node must hold: those of every agreement it is party to (1 draft + notes each). */
export function expectedEventCounts(nodes: readonly string[], graph: readonly PlannedAgreement[]): Map<string, number> {
  const counts = new Map(nodes.map((n) => [n, 0]));
  for (const a of graph) for (const p of a.parties) counts.set(p, counts.get(p)! + 1 + a.notes);
  return counts;
}

/** The fewest messages the graph needs on the broker: each event once to every party but its home. */
export const minimumMessages = (graph: readonly PlannedAgreement[]): number =>
  graph.reduce((sum, a) => sum + (1 + a.notes) * (a.parties.length - 1), 0);
