import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor, ProblemException, requireRole, type Actor } from '@ketnoi/platform';
import { FederationService } from '../federation.service.js';

const invalid = (field: string, message: string) =>
  new ProblemException({ status: 400, code: 'INVALID_REQUEST', title: 'Invalid request', detail: `${field}: ${message}`, errors: [{ field, message }] });
const ID = /^[1-9][0-9]{0,17}$/;
const notRunning = () =>
  new ProblemException({
    status: 503,
    code: 'FEDERATION_NOT_RUNNING',
    title: 'Federation not running',
    detail: 'The node has not reached the Kafka brokers yet; the quarantine is available once it has.',
  });

/**
 * Messages the inbound refused. They may belong to agreements of any node (a forger chooses), so
 * only this node's own staff read them: not partners.
 */
@ApiTags('federation')
@Controller('v1/federation/quarantine')
@UseGuards(ActorGuard)
export class QuarantineController {
  constructor(private readonly federation: FederationService) {}

  @Get()
  @ApiOperation({ summary: 'Quarantined inbox messages, oldest first', operationId: 'listQuarantine' })
  @ApiQuery({ name: 'after', required: false, description: 'The last id of the previous page', schema: { type: 'string', pattern: ID.source } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiResponse({ status: 200, description: '{items: [{id, reasonCode, reason, eventId, streamId, quarantinedAt, attempts, message}], next}' })
  async list(@CurrentActor() actor: Actor, @Query('after') after?: string, @Query('limit') limit?: string) {
    requireRole(actor, ['officer', 'auditor', 'admin'], 'read the quarantine');
    if (after !== undefined && !ID.test(after)) throw invalid('after', 'must be a quarantine id (a positive integer)');
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw invalid('limit', 'must be an integer from 1 to 1000');
    if (!this.federation.isRunning()) throw notRunning();
    const items = await this.federation.inbound.quarantine.list({ limit: n, ...(after ? { after } : {}) });
    return { items, next: items.length === n ? items[items.length - 1]!.id : null };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a quarantined message through the inbound checks again', operationId: 'retryQuarantined' })
  @ApiResponse({ status: 200, description: '{kind: applied|duplicate|parked|quarantined, ...}' })
  async retry(@CurrentActor() actor: Actor, @Param('id') id: string) {
    requireRole(actor, ['officer', 'admin'], 'retry a quarantined message');
    if (!ID.test(id)) throw invalid('id', 'must be a quarantine id (a positive integer)');
    if (!this.federation.isRunning()) throw notRunning();
    const outcome = await this.federation.inbound.retry(id);
    if (!outcome)
      throw new ProblemException({ status: 404, code: 'NOT_FOUND', title: 'Not found', detail: `No quarantined message ${id}.` });
    return outcome;
  }
}
