import { v7 as uuidv7 } from 'uuid';
import { defineCommandSlice } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsCalendarDate, IsClientId, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class PlanMilestoneBody {
  @IsClientId({
    optional: true,
    description: 'UUID chosen by the client; the server makes a UUIDv7 when absent',
  })
  milestoneId?: string;

  @IsText(TEXT_RULES.title)
  title!: string;

  @IsCalendarDate()
  dueDate!: string;
}

export const planMilestone = defineCommandSlice({
  path: 'milestones',
  rpc: 'PlanMilestone',
  summary: 'Plan a milestone',
  body: PlanMilestoneBody,
  params: AgreementParams,
  toCommand: (body) => ({
    type: 'PlanMilestone',
    data: { milestoneId: body.milestoneId ?? uuidv7(), title: body.title, dueDate: body.dueDate },
  }),
});
