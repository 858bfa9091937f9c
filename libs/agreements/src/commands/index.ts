import type { AnyCommandSlice } from './shared/command-slice.js';
import { activateAgreement } from './activate-agreement/activate-agreement.js';
import { amendTerms } from './amend-terms/amend-terms.js';
import { attachDocument } from './attach-document/attach-document.js';
import { commitFunding } from './commit-funding/commit-funding.js';
import { completeAgreement } from './complete-agreement/complete-agreement.js';
import { countersignAgreement } from './countersign-agreement/countersign-agreement.js';
import { disburseFunds } from './disburse-funds/disburse-funds.js';
import { draftAgreement } from './draft-agreement/draft-agreement.js';
import { expireAgreement } from './expire-agreement/expire-agreement.js';
import { inviteParty } from './invite-party/invite-party.js';
import { planMilestone } from './plan-milestone/plan-milestone.js';
import { proposeAgreement } from './propose-agreement/propose-agreement.js';
import { recordNote } from './record-note/record-note.js';
import { renewAgreement } from './renew-agreement/renew-agreement.js';
import { reportMilestone } from './report-milestone/report-milestone.js';
import { resumeAgreement } from './resume-agreement/resume-agreement.js';
import { suspendAgreement } from './suspend-agreement/suspend-agreement.js';
import { terminateAgreement } from './terminate-agreement/terminate-agreement.js';
import { withdrawParty } from './withdraw-party/withdraw-party.js';

/** Every command of the write API; REST routes and gRPC methods are generated from this list. */
export const COMMAND_SLICES: readonly AnyCommandSlice[] = [
  draftAgreement,
  inviteParty,
  withdrawParty,
  amendTerms,
  proposeAgreement,
  countersignAgreement,
  activateAgreement,
  planMilestone,
  reportMilestone,
  commitFunding,
  disburseFunds,
  suspendAgreement,
  resumeAgreement,
  renewAgreement,
  completeAgreement,
  terminateAgreement,
  expireAgreement,
  attachDocument,
  recordNote,
];

export * from './shared/command-slice.js';
export * from './shared/params.js';
