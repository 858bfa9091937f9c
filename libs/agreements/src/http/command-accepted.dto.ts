import { ApiProperty } from '@nestjs/swagger';
import type { CommandOutcome } from '../pipeline/command-outcome.js';

/** Body of every successful command; the same revision is in the `ETag` header. */
export class CommandAccepted {
  @ApiProperty({ format: 'uuid' })
  agreementId!: string;

  @ApiProperty({ description: 'Revision of the agreement after the command (0-based)', example: 0 })
  revision!: number;

  @ApiProperty({
    description: 'Global position in this node log, a 64-bit integer as a string',
    example: '42',
  })
  position!: string;
}

export const commandAccepted = (outcome: CommandOutcome): CommandAccepted => ({
  agreementId: outcome.agreementId,
  revision: outcome.revision,
  position: outcome.position,
});

export const etagOf = (revision: number): string => `"${revision}"`;
