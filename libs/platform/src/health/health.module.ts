import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** `/health/live` and `/health/ready`; needs EVENT_STORE and NODE_CONTEXT from the global StorageModule. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
