import { agreementNotFoundError, currentParties, readerNodes, type Agreement, type AgreementCommand } from '@ketnoi/domain';
import {
  AccessDeniedError,
  deniedCommand,
  grantedRoleNote,
  mayRead,
  type Actor,
  type NodeDirectory,
} from '@ketnoi/platform';

/**
 * Checks a command against the caller's rights on the agreement as it stands; throws before
 * anything else is looked at (the expected revision, the domain's rules): 404 when the caller may
 * not read the agreement, exactly as when it does not exist, else 403 for a right it lacks.
 */
export type CommandAuthorizer = (command: AgreementCommand, state: Agreement) => void;

export const authorizeFor =
  (actor: Actor, directory: NodeDirectory, thisNode: string): CommandAuthorizer =>
  (command, state) => {
    if (state.status === 'NONE' && command.type !== 'DraftAgreement') throw agreementNotFoundError();
    // A withdrawn party still reads the agreement (as it stood when it left): it is told why it may
    // not write; a node that never was a party is told the agreement does not exist.
    if (state.status !== 'NONE' && !mayRead(actor, [...readerNodes(state), ...state.parties.map((p) => p.nodeId)]))
      throw agreementNotFoundError();
    // A draft is homed where it is recorded and must list that node: a token of another node
    // drafting here would make this node the writer of a stream it has no part in.
    if (state.status === 'NONE' && actor.node !== thisNode)
      throw new AccessDeniedError(
        `a draft is homed at this node (${thisNode}) and is recorded by its officers and admins${grantedRoleNote(actor)}`,
      );
    const rule = deniedCommand(actor, command, partyNodesOf(command, state), directory);
    if (rule) throw new AccessDeniedError(rule);
  };

/** The parties whose nodes may act: the agreement's current ones, or for a draft the ones it names. */
function partyNodesOf(command: AgreementCommand, state: Agreement): string[] {
  if (state.status !== 'NONE') return currentParties(state).map((p) => p.nodeId);
  const named: unknown = command.type === 'DraftAgreement' ? command.data?.parties : undefined;
  return Array.isArray(named)
    ? named.map((p: { nodeId?: unknown } | null) => p?.nodeId).filter((id): id is string => typeof id === 'string')
    : [];
}
