import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { ReadinessChecks } from './readiness.js';

/**
 * `/health/live` and `/health/ready`; needs EVENT_STORE and NODE_CONTEXT from the global StorageModule.
 * Global so any module can register a readiness check with `ReadinessChecks`.
 */
@Global()
@Module({ controllers: [HealthController], providers: [ReadinessChecks], exports: [ReadinessChecks] })
export class HealthModule {}
