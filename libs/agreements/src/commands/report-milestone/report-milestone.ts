import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { MILESTONE_OUTCOMES, type MilestoneOutcome, TEXT_RULES } from '@ketnoi/domain';
import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { MilestoneParams } from '../shared/params.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';

export class ReportMilestoneBody {
  @ApiProperty({ enum: MILESTONE_OUTCOMES })
  @IsString({ message: '$property must be one of ' + MILESTONE_OUTCOMES.join(', ') })
  @IsIn(MILESTONE_OUTCOMES, { message: '$property must be one of ' + MILESTONE_OUTCOMES.join(', ') })
  outcome!: MilestoneOutcome;

  @IsText(TEXT_RULES.reason, { optional: true })
  note?: string;

  @IsCalendarDate({ optional: true, description: 'defaults to today' })
  reportedOn?: string;
}

export const reportMilestone = defineCommandSlice({
  path: 'milestones/:milestoneId/report',
  rpc: 'ReportMilestone',
  summary: 'Report the outcome of a milestone',
  body: ReportMilestoneBody,
  params: MilestoneParams,
  toCommand: (body, { milestoneId }) => ({
    type: 'ReportMilestone',
    data: defined({ milestoneId, outcome: body.outcome, note: body.note, reportedOn: body.reportedOn }),
  }),
});
