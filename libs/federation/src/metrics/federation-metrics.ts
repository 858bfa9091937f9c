import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The federation's Prometheus metrics, registered on the app's registry (platform `Metrics`), or
 * on a private one in tests. Labels are node ids and reason codes: small closed sets.
 */
export class FederationMetrics {
  readonly relayPublished: Counter<'recipient'>;
  readonly relayPosition: Gauge;
  readonly relayLag: Gauge;
  readonly relayFailures: Counter;
  readonly inboundApplied: Counter<'origin'>;
  readonly inboundDuplicates: Counter;
  readonly inboundParked: Gauge;
  readonly quarantined: Counter<'reason'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.relayPublished = new Counter({
      name: 'ketnoi_federation_relay_published_total',
      help: 'Events the relay published and the broker acknowledged, by recipient node',
      labelNames: ['recipient'] as const,
      registers,
    });
    this.relayPosition = new Gauge({
      name: 'ketnoi_federation_relay_position',
      help: 'Last global position of the local log the relay has published (its checkpoint)',
      registers,
    });
    this.relayLag = new Gauge({
      name: 'ketnoi_federation_relay_lag_events',
      help: 'Events of the local log not yet handled by the relay',
      registers,
    });
    this.relayFailures = new Counter({
      name: 'ketnoi_federation_relay_failures_total',
      help: 'Relay batches that failed (broker unavailable, not acknowledged) and will be resent',
      registers,
    });
    this.inboundApplied = new Counter({
      name: 'ketnoi_federation_inbound_applied_total',
      help: 'Replicated events stored in the local log, by origin node',
      labelNames: ['origin'] as const,
      registers,
    });
    this.inboundDuplicates = new Counter({
      name: 'ketnoi_federation_inbound_duplicates_total',
      help: 'Deliveries of events already stored (at-least-once delivery absorbed)',
      registers,
    });
    this.inboundParked = new Gauge({
      name: 'ketnoi_federation_inbound_parked',
      help: 'Verified events waiting for an earlier revision or for their agreement',
      registers,
    });
    this.quarantined = new Counter({
      name: 'ketnoi_federation_quarantined_total',
      help: 'Inbox messages refused into the quarantine table, by reason',
      labelNames: ['reason'] as const,
      registers,
    });
  }
}
