import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { AGREEMENT_STATUSES, NODE_ID_PATTERN } from '@ketnoi/domain';
import { AsOfQuery, IsGlobalPosition, ReadYourWritesQuery } from '@ketnoi/platform';
import { AGREEMENT_SORTS } from '../queries/list-agreements.js';

// The parameters every read takes (minPosition, asOf) are the platform's: other reads use them too.
export { AsOfQuery, ReadYourWritesQuery };

export class ListAgreementsQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES })
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES, { message: `$property must be one of ${AGREEMENT_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({
    description: 'Node id of a party',
    example: 'vn-hue',
    pattern: NODE_ID_PATTERN.source,
  })
  @IsOptional()
  @Matches(NODE_ID_PATTERN, { message: '$property must be a node id like vn-hue' })
  party?: string;

  @ApiPropertyOptional({ example: 'Vietnam–France decentralised cooperation' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  programme?: string;

  @ApiPropertyOptional({ example: 'smart-city' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  theme?: string;

  @ApiPropertyOptional({
    description:
      'Words to find in titles, programme, themes and party names; accents ignored ("Hue" finds "Huế")',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: AGREEMENT_SORTS, default: '-updated' })
  @IsOptional()
  @IsIn(AGREEMENT_SORTS, { message: `$property must be one of ${AGREEMENT_SORTS.join(', ')}` })
  sort?: (typeof AGREEMENT_SORTS)[number];

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

export class NodeParams {
  @Matches(NODE_ID_PATTERN, { message: '$property must be a node id like vn-hue' })
  nodeId!: string;
}

export class ProjectionNameParams {
  @IsString()
  @MaxLength(100)
  name!: string;
}

export class RebuildQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: '$property must be true or false' })
  verify?: string;
}

export class ActivityQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: '$property must be a UUID' })
  agreementId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsGlobalPosition('$property must be a nextCursor returned by this API')
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}
