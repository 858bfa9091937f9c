import { Module } from '@nestjs/common';
import { ActorGuard } from '@ketnoi/platform';
import { AuditController } from './http/audit.controller.js';

/** `/v1/audit/{verify,replay,export}` for auditors; needs EVENT_STORE, NODE_KEY, KETNOI_CONFIG and ACTOR_RESOLVER (global). */
@Module({ controllers: [AuditController], providers: [ActorGuard] })
export class AuditModule {}
