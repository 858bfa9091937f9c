import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@ketnoi/event-store';
import { Metrics } from '../metrics/metrics.js';

/**
 * `ketnoi_event_log_reads_total` on /metrics when the store counts its reads of the global log:
 * the figure that shows readers polling an idle node (each catch-up loop reading 20 times a
 * second) or waiting for appends, as they should where the store sees every append.
 */
@Injectable()
export class EventLogMetrics {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() metrics?: Metrics) {
    const logReads = store.logReads?.bind(store);
    if (!metrics || !logReads) return;
    new Counter({
      name: 'ketnoi_event_log_reads_total',
      help: "Reads of the node's global log (catch-up loops, exports, audits) since the start",
      registers: [metrics.registry],
      collect() {
        this.reset();
        this.inc(logReads());
      },
    });
  }
}
