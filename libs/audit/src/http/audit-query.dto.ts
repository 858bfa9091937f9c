import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { TRAIL_FORMATS, type TrailFormat } from '../export/export-trail.js';

export class ReplayQuery {
  @ApiProperty({ example: 'agreement-0193…' })
  @IsString({ message: '$property must be a stream id such as agreement-<uuid>' })
  @Matches(/^(agreement|endorsement)-[0-9a-z-]+$/, { message: '$property must be a stream id such as agreement-<uuid>' })
  stream!: string;

  @ApiProperty({ description: 'ISO 8601 time or a global position', example: '2026-11-22T10:00:00Z' })
  @IsString({ message: '$property must be an ISO 8601 time or a global position' })
  @Matches(/^(\d+|\d{4}-\d{2}-\d{2}.*)$/, { message: '$property must be an ISO 8601 time or a global position' })
  asOf!: string;
}

export class ExportQuery {
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 time' })
  to?: string;

  @ApiPropertyOptional({ enum: TRAIL_FORMATS, default: 'jsonl' })
  @IsOptional()
  @IsIn(TRAIL_FORMATS, { message: `$property must be one of ${TRAIL_FORMATS.join(', ')}` })
  format?: TrailFormat;
}
