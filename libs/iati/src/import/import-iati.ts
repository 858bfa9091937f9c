import { ExecuteAgreementCommand, type ExecuteCommand } from '@ketnoi/agreements';
import { isDomainError, type AgreementCommand, type CommandMetadata } from '@ketnoi/domain';
import type { Actor } from '@ketnoi/platform';
import { v7 as uuidv7 } from 'uuid';
import { ActivitySkipped, planActivity, type ImportingNode } from './map-activity.js';
import { readActivities } from './read-activities.js';
import { validateAgainstSchema } from './schema-validation.js';
import { scanXml } from './xml-scan.js';

/** What happened to one activity of the file. */
export interface ActivityReport {
  readonly iatiIdentifier: string;
  readonly line: number;
  /** drafted: a new agreement; already-imported: its agreement exists (same iati-identifier); skipped: not drafted. */
  readonly outcome: 'drafted' | 'already-imported' | 'skipped';
  readonly agreementId?: string;
  /** Why it was skipped. */
  readonly reason?: string;
  readonly mapped: readonly string[];
  readonly leftOut: readonly string[];
}

export interface IatiImportSummary {
  readonly importId: string;
  readonly activities: number;
  readonly drafted: number;
  readonly alreadyImported: number;
  readonly skipped: number;
  readonly commitments: number;
}

export interface IatiImportOptions {
  /** Who imports, with the rights this node grants it (`actorOnNode`): authorized and recorded on every command as over HTTP. */
  readonly actor: Actor;
  /** This node: home of the drafts. */
  readonly node: ImportingNode;
  /** Called once per activity, in file order; the report is streamed, never held whole. */
  readonly onActivity?: (report: ActivityReport) => void | Promise<void>;
  /** @defaultValue the wall clock */
  readonly now?: () => string;
  readonly schemaPath?: string;
}

/**
 * Imports a 2.03 file: first the whole file is checked to hold no DTD or entity and to be
 * well-formed (saxes), then validated against the schema (xmllint, streaming), so a refused file
 * records nothing and libxml2 never sees a DTD; then activities are read one at a time and each is drafted
 * on the same CommandBus handler as HTTP (authorization, validation in `decide`, the actor in the metadata),
 * followed by its commitments. Memory stays flat whatever the file's size.
 */
export async function importIati(
  /** The node's command handler: every draft and commitment is authorized, recorded and counted there. */
  executeCommand: ExecuteCommand,
  file: string,
  options: IatiImportOptions,
): Promise<IatiImportSummary> {
  await scanXml(file);
  await validateAgainstSchema(file, options.schemaPath);
  const importId = uuidv7();
  const now = options.now ?? (() => new Date().toISOString());
  const counts = { activities: 0, drafted: 0, alreadyImported: 0, skipped: 0, commitments: 0 };
  let step = 0;
  const execute = (agreementId: string, command: Omit<AgreementCommand, 'metadata'>) => {
    const metadata: CommandMetadata = {
      actor: options.actor.subject,
      actorNode: options.actor.node,
      now: now(),
    };
    return executeCommand(
      new ExecuteAgreementCommand(
        { ...command, metadata } as AgreementCommand,
        { agreementId, correlationId: importId, causationId: `${importId}/${++step}` },
        { kind: 'actor', actor: options.actor },
      ),
    );
  };

  for await (const activity of readActivities(file)) {
    counts.activities++;
    const base = { iatiIdentifier: activity.identifier, line: activity.line };
    let report: ActivityReport;
    try {
      const plan = planActivity(activity, options.node);
      const leftOut = [...plan.leftOut];
      try {
        await execute(plan.agreementId, { type: 'DraftAgreement', data: plan.draft });
      } catch (error) {
        if (isDomainError(error) && error.code === 'ALREADY_EXISTS' && error.field === 'agreementId') {
          counts.alreadyImported++;
          report = {
            ...base,
            outcome: 'already-imported',
            agreementId: plan.agreementId,
            mapped: [],
            leftOut: [],
          };
          await options.onActivity?.(report);
          continue;
        }
        throw error;
      }
      const mapped = [...plan.mapped];
      for (const commitment of plan.commitments) {
        try {
          await execute(plan.agreementId, { type: 'CommitFunding', data: commitment.data });
          counts.commitments++;
          mapped.push(
            `${commitment.what}: commitment of ${commitment.data.amount.amount} ${commitment.data.amount.currency} by ${commitment.data.donor}`,
          );
        } catch (error) {
          if (!isDomainError(error)) throw error;
          leftOut.push(`${commitment.what}: ${describe(error)}`);
        }
      }
      counts.drafted++;
      report = { ...base, outcome: 'drafted', agreementId: plan.agreementId, mapped, leftOut };
    } catch (error) {
      if (!(error instanceof ActivitySkipped) && !isDomainError(error)) throw error;
      counts.skipped++;
      report = {
        ...base,
        outcome: 'skipped',
        reason: error instanceof ActivitySkipped ? error.reason : describe(error),
        mapped: [],
        leftOut: [],
      };
    }
    await options.onActivity?.(report);
  }
  return { importId, ...counts };
}

function describe(error: { code: string; reason: string; field?: string | undefined }): string {
  return `${error.code}${error.field ? ` (${error.field})` : ''}: ${error.reason}`;
}
