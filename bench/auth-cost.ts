import { generateKeyPairSync } from 'node:crypto';
import { AuthModule, fixedActorModule, mintToken, type Actor } from '@ketnoi/platform';
import { serveWhoAmI } from './auth-cost-apps.js';
import { loadInterleaved } from './auth-cost-load.js';
import { result, type BenchResult } from './result.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const NODE = 'vn-hue';
const ACTOR: Actor = { subject: 'officer@vn-hue', role: 'officer', node: NODE };
/** Distinct callers of the many-callers figures: one limiter bucket (and one cached token) each. */
const CALLERS = 1000;

/**
 * Cost per request of authentication and of the command limiter, at concurrency 16, each against
 * a baseline of the same run:
 * - the hub's JWT authentication (EdDSA token of the node key, JwtActorResolver and actorOnNode,
 *   resolved before the body) vs the same route with a fixed caller and no token;
 * - the verified-caller limiter (a bucket far from empty) vs the same route without it, for one
 *   caller and for 1000 callers (1000 tokens, 1000 buckets).
 * All routes share the HTTP setup of configureHttpApp; both routes of one app share its server.
 */
export async function run(): Promise<BenchResult[]> {
  const key = generateKeyPairSync('ed25519');
  const sign = (node: string, sub: string): Promise<string> => mintToken({ role: 'officer', node, sub }, key.privateKey);
  const token = await sign(NODE, ACTOR.subject);
  // An officer of another node: this node grants it a partner's rights (actorOnNode's other branch).
  const foreignToken = await sign('org-koica', 'officer@org-koica');
  const callers = await Promise.all(Array.from({ length: CALLERS }, (_, i) => sign(NODE, `officer-${i}@vn-hue`)));
  const authenticated = await serveWhoAmI(
    AuthModule.forNodeKey({
      privateKey: key.privateKey,
      publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }),
    NODE,
  );
  const open = await serveWhoAmI(fixedActorModule(ACTOR), NODE);
  try {
    const figures = await loadInterleaved(
      [
        { name: 'open', url: open.url, tokens: [] },
        { name: 'token', url: authenticated.url, tokens: [token] },
        { name: 'foreign', url: authenticated.url, tokens: [foreignToken] },
        { name: 'limited', url: authenticated.limitedUrl, tokens: [token] },
        { name: 'many', url: authenticated.url, tokens: callers },
        { name: 'many limited', url: authenticated.limitedUrl, tokens: callers },
      ],
      SECONDS,
    );
    const of = (name: string) => figures.get(name)!;
    return [
      result(
        'http GET /v1 route with JWT verification, concurrency 16 (vs same route, no token)',
        of('token').requestsPerSecond,
        'requests/s',
        of('open').requestsPerSecond,
      ),
      result('http GET /v1 p50 latency with JWT (vs no token)', of('token').p50, 'ms', of('open').p50),
      result('http GET /v1 p99 latency with JWT (vs no token)', of('token').p99, 'ms', of('open').p99),
      result(
        "http GET /v1 with another node's token, granted partner (vs same route, no token)",
        of('foreign').requestsPerSecond,
        'requests/s',
        of('open').requestsPerSecond,
      ),
      result(
        'http GET /v1 with JWT and the command limiter, 1 caller (vs same route with JWT, no limiter)',
        of('limited').requestsPerSecond,
        'requests/s',
        of('token').requestsPerSecond,
      ),
      result(
        `http GET /v1 with JWT and the command limiter, ${CALLERS} callers (vs same callers, no limiter)`,
        of('many limited').requestsPerSecond,
        'requests/s',
        of('many').requestsPerSecond,
      ),
    ];
  } finally {
    await authenticated.close();
    await open.close();
  }
}
