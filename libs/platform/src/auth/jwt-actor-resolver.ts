import type { Actor } from '../node-context.js';
import { actorOnNode } from '../access/node-rights.js';
import type { ActorResolver } from '../http/current-actor.js';
import { ProblemException } from '../http/problem.js';
import { TokenRejectedError, type TokenVerifier } from './jwt.js';

/** `Authorization: Bearer <JWT>` (HTTP header or gRPC metadata) to the caller; 401 otherwise. */
export class JwtActorResolver implements ActorResolver {
  constructor(
    private readonly verify: TokenVerifier,
    /** This node: tokens of other nodes get at most a partner's rights here (`actorOnNode`). */
    private readonly thisNode: string,
  ) {}

  async resolve(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<Actor> {
    const raw = headers['authorization'];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (!header) throw unauthenticated('AUTHENTICATION_REQUIRED', 'An Authorization: Bearer <token> header is required.');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('INVALID_TOKEN', 'The Authorization header must be "Bearer <token>".');
    try {
      return actorOnNode(await this.verify(match[1]!), this.thisNode);
    } catch (error) {
      if (error instanceof TokenRejectedError) throw unauthenticated('INVALID_TOKEN', `Bearer token refused: ${error.reason}.`);
      throw error;
    }
  }
}

const unauthenticated = (code: string, detail: string): ProblemException =>
  new ProblemException({ status: 401, code, title: 'Unauthenticated', detail });
