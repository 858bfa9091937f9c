import { currentParties, type Agreement, type AgreementCommand } from '@ketnoi/domain';
import { AccessDeniedError, deniedCommand, type Actor, type NodeDirectory } from '@ketnoi/platform';

/** Checks a command against the caller's rights on the agreement as it stands; throws 403 before anything is decided. */
export type CommandAuthorizer = (command: AgreementCommand, state: Agreement) => void;

export const authorizeFor =
  (actor: Actor, directory: NodeDirectory): CommandAuthorizer =>
  (command, state) => {
    const parties = partyNodesOf(command, state);
    // Nothing to protect on an agreement that does not exist: the domain answers 404.
    if (parties === undefined) return;
    const rule = deniedCommand(actor, command, parties, directory);
    if (rule) throw new AccessDeniedError(rule);
  };

/** The parties whose nodes may act: the agreement's current ones, or for a draft the ones it names. */
function partyNodesOf(command: AgreementCommand, state: Agreement): string[] | undefined {
  if (state.status !== 'NONE') return currentParties(state).map((p) => p.nodeId);
  return command.type === 'DraftAgreement' ? command.data.parties.map((p) => p.nodeId) : undefined;
}
