import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { parseGlobalPosition } from '@ketnoi/event-store';

// Query parameters every read of a node takes, wherever it is served.

/** Digits within the store's range (PostgreSQL bigint): larger numbers are a 400, not a SQL error. */
export const IsGlobalPosition = (message: string) =>
  ValidateBy(
    {
      name: 'isGlobalPosition',
      validator: {
        validate: (value) => typeof value === 'string' && parseGlobalPosition(value) !== undefined,
      },
    },
    { message },
  );

/** `?minPosition=`: read your writes, accepted by every query. */
export class ReadYourWritesQuery {
  @ApiPropertyOptional({
    description: 'Wait (bounded) until the read model has applied this global position',
    example: '42',
    pattern: '^\\d{1,19}$',
  })
  @IsOptional()
  @IsGlobalPosition('$property must be a global position (digits, at most 9223372036854775807)')
  minPosition?: string;
}

export class AsOfQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({
    description: 'A global position (digits) or an ISO 8601 instant',
    example: '2024-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;
}
