import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { ReadinessChecks } from './readiness.js';
import { StorageFaults } from './storage-faults.js';

/**
 * `/health/live` and `/health/ready`; needs EVENT_STORE and NODE_CONTEXT from the global StorageModule.
 * Global so any module can register a readiness check with `ReadinessChecks`, and the HTTP error
 * filter can report unreadable storage to `StorageFaults`.
 */
@Global()
@Module({ controllers: [HealthController], providers: [ReadinessChecks, StorageFaults], exports: [ReadinessChecks, StorageFaults] })
export class HealthModule {
  constructor(checks: ReadinessChecks, faults: StorageFaults) {
    checks.register(faults);
  }
}
