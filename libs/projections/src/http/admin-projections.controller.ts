import { Controller, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, ProblemException, requireRole, type Actor } from '@ketnoi/platform';
import { ProjectionsHost, PROJECTIONS } from '../projections-host.js';
import { ProjectionNameParams, RebuildQuery } from './query-dtos.js';

/** Rebuild or verify a projection of a running node (what `ketnoi projections rebuild --url` calls). */
@ApiTags('admin')
@Controller('v1/admin/projections')
@UseGuards(ActorGuard)
export class AdminProjectionsController {
  constructor(private readonly host: ProjectionsHost) {}

  @Post(':name/rebuild')
  @HttpCode(200)
  @ApiParam({ name: 'name', enum: PROJECTIONS.map((p) => p.name) })
  @ApiOperation({
    summary: 'Rebuild from position 0 and swap in; ?verify=true compares instead',
    operationId: 'rebuildProjection',
  })
  @ApiResponse({
    status: 200,
    description: '{projection, position, events, swapped, identical, difference?}',
  })
  async rebuild(
    @Param() { name }: ProjectionNameParams,
    @Query() query: RebuildQuery,
    @CurrentActor() actor: Actor,
  ) {
    // Officers and admins of the node: a rebuild changes no recorded fact, only derived rows.
    requireRole(actor, ['officer', 'admin'], 'rebuild a projection');
    if (!PROJECTIONS.some((p) => p.name === name)) {
      throw new ProblemException({
        status: 404,
        code: 'NOT_FOUND',
        title: 'Not found',
        detail: `No projection ${name}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}.`,
      });
    }
    const result = await this.host.rebuild(name, query.verify === 'true');
    return { ...result, identical: result.difference === undefined };
  }
}
