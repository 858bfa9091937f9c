import { isEndorsementCommand } from '@ketnoi/domain';
import type { Actor } from '../node-context.js';
import { ProblemException } from '../http/problem.js';
import { grantedRoleNote } from '../access/node-rights.js';

/** Who runs a node of their own: partners that do sign on their own node, not at the home. */
export interface NodeDirectory {
  runsNode(nodeId: string): boolean;
}

export const NODE_DIRECTORY = Symbol('NODE_DIRECTORY');

export interface CommandForAccess {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The rules for writes (docs/access-control.md), as a pure function of the caller (with the rights
 * this node granted it: `actorOnNode`), the command and the agreement's current party nodes (for
 * a draft: the parties it names). Returns the rule broken, or undefined.
 */
export function deniedCommand(
  actor: Actor,
  command: CommandForAccess,
  partyNodeIds: readonly string[],
  directory: NodeDirectory,
): string | undefined {
  if (actor.role === 'auditor') return 'an auditor reads everything and writes nothing';
  if (!partyNodeIds.includes(actor.node))
    return `${actor.role}s act only on agreements their node (${actor.node}) is party to`;
  const party =
    command.type === 'CountersignAgreement' ? (command.data as { party?: unknown }).party : undefined;
  if (actor.role === 'partner') {
    // A partner sends only its own endorsements (the domain's list).
    if (!isEndorsementCommand(command.type))
      return `a partner writes only its own endorsements: countersignature, milestone report, note${grantedRoleNote(actor)}`;
    if (party !== undefined && party !== actor.node)
      return `a partner countersigns only for its own node (${actor.node})`;
    return undefined;
  }
  if (party !== undefined && party !== actor.node) {
    if (actor.role === 'officer')
      return `an officer countersigns only for its own node (${actor.node}); an admin records for parties that run no node`;
    if (typeof party === 'string' && directory.runsNode(party))
      return `${party} runs its own node: it countersigns there, not through an admin here`;
  }
  return undefined;
}

export class AccessDeniedError extends ProblemException {
  constructor(readonly rule: string) {
    super({ status: 403, code: 'FORBIDDEN', title: 'Forbidden', detail: `Refused: ${rule}.` });
    this.name = 'AccessDeniedError';
  }
}
