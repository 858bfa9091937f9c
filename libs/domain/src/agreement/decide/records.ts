import { DomainError, invalid } from '../../errors.js';
import { parseIsoDate } from '../../values/dates.js';
import { parseLocalId, parseSha256 } from '../../values/ids.js';
import { parseOptionalText, parseText } from '../../values/text.js';
import type { AttachDocument, PlanMilestone, RecordNote, ReportMilestone } from '../commands.js';
import type { DocumentAttached, MilestonePlanned, MilestoneReported, NoteRecorded } from '../events.js';
import { currentParty, type ExistingAgreement } from '../state.js';
import { MILESTONE_OUTCOMES, type MilestoneOutcome } from '../vocabulary.js';
import { factDate, requireStatus, type Context } from './context.js';
import { LONG_TEXT, NAME, REASON, TITLE } from './terms.js';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function planMilestone({ data }: PlanMilestone, state: ExistingAgreement): MilestonePlanned[] {
  requireStatus(state, 'PlanMilestone', 'plan a milestone');
  const milestoneId = parseLocalId(data?.milestoneId, 'milestoneId');
  if (state.milestones.some((m) => m.milestoneId === milestoneId)) {
    throw new DomainError('ALREADY_EXISTS', `milestone ${milestoneId} is already planned`, 'milestoneId');
  }
  const title = parseText(data.title, 'title', TITLE);
  return [
    {
      type: 'MilestonePlanned',
      data: { milestoneId, title, dueDate: parseIsoDate(data.dueDate, 'dueDate') },
    },
  ];
}

/** A party reports a planned milestone once, while the agreement binds. */
export function reportMilestone(
  { data }: ReportMilestone,
  state: ExistingAgreement,
  context: Context,
): MilestoneReported[] {
  requireStatus(state, 'ReportMilestone', 'report a milestone');
  const milestoneId = parseLocalId(data?.milestoneId, 'milestoneId');
  const milestone = state.milestones.find((m) => m.milestoneId === milestoneId);
  if (!milestone) throw new DomainError('NOT_FOUND', `no milestone ${milestoneId} is planned`, 'milestoneId');
  if (milestone.status === 'REPORTED') {
    throw new DomainError(
      'ALREADY_REPORTED',
      `milestone ${milestoneId} was reported on ${milestone.reportedOn}`,
      'milestoneId',
    );
  }
  if (!(MILESTONE_OUTCOMES as readonly unknown[]).includes(data.outcome)) {
    throw invalid('outcome', `must be one of ${MILESTONE_OUTCOMES.join(', ')}`);
  }
  if (!currentParty(state, context.actorNode)) {
    throw new DomainError(
      'NOT_A_PARTY',
      `${context.actorNode} is not a party and cannot report`,
      'metadata.actorNode',
    );
  }
  const note = parseOptionalText(data.note, 'note', REASON);
  return [
    {
      type: 'MilestoneReported',
      data: {
        milestoneId,
        outcome: data.outcome as MilestoneOutcome,
        reportedBy: context.actorNode,
        reportedOn: factDate(data.reportedOn, 'reportedOn', context),
        ...(note !== undefined && { note }),
      },
    },
  ];
}

/** Documents and notes are accepted in every status: the record of an ended agreement stays open. */
export function attachDocument({ data }: AttachDocument, state: ExistingAgreement): DocumentAttached[] {
  const documentId = parseLocalId(data?.documentId, 'documentId');
  if (state.documents.some((d) => d.documentId === documentId)) {
    throw new DomainError('ALREADY_EXISTS', `document ${documentId} is already attached`, 'documentId');
  }
  const name = parseText(data.name, 'name', NAME);
  const sha256 = parseSha256(data.sha256, 'sha256');
  const mediaType = data.mediaType === undefined ? undefined : String(data.mediaType).trim().toLowerCase();
  if (mediaType !== undefined && !MEDIA_TYPE.test(mediaType)) {
    throw invalid('mediaType', 'must be a media type such as application/pdf');
  }
  const { sizeBytes } = data;
  if (sizeBytes !== undefined && (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0)) {
    throw invalid('sizeBytes', 'must be a whole number of bytes, zero or more');
  }
  return [
    {
      type: 'DocumentAttached',
      data: {
        documentId,
        name,
        sha256,
        ...(mediaType !== undefined && { mediaType }),
        ...(sizeBytes !== undefined && { sizeBytes }),
      },
    },
  ];
}

export function recordNote({ data }: RecordNote, state: ExistingAgreement): NoteRecorded[] {
  const noteId = parseLocalId(data?.noteId, 'noteId');
  if (state.noteIds.includes(noteId))
    throw new DomainError('ALREADY_EXISTS', `note ${noteId} is already recorded`, 'noteId');
  return [{ type: 'NoteRecorded', data: { noteId, text: parseText(data.text, 'text', LONG_TEXT) } }];
}
