import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsNodeId } from './validators.js';

/** Path parameters, validated like bodies so that a malformed id is a 400 naming it. */
export class AgreementParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property must be a UUID' })
  agreementId!: string;
}

export class MilestoneParams extends AgreementParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property must be a UUID' })
  milestoneId!: string;
}

export class PartyParams extends AgreementParams {
  @IsNodeId()
  nodeId!: string;
}
