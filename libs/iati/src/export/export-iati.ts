import { parseAgreementStreamId, readerNodes, upcast } from '@ketnoi/domain';
import type { EventStore } from '@ketnoi/event-store';
import { readableEventCount, type Actor } from '@ketnoi/platform';
import { activityFacts } from './activity-facts.js';
import { activityXml } from './activity-xml.js';
import { KETNOI_NS, KETNOI_PREFIX } from './xml.js';

export interface IatiExportOptions {
  /** Who reads: only what `readableEventCount` allows is written. */
  readonly actor: Actor;
  /** The reporting organisation's IATI identifier (KETNOI_IATI_PUBLISHER_REF). */
  readonly publisherRef: string;
  /** Only agreements this node is party to. @defaultValue every agreement the actor may read */
  readonly node?: string;
  /** The agreements as they stood at this instant. @defaultValue now */
  readonly asOf?: Date;
  /** `generated-datetime` of the document. @defaultValue now */
  readonly generatedAt?: Date;
  /** Events per page when listing the log. @defaultValue 1000 */
  readonly pageSize?: number;
}

/**
 * The `iati-activities` document, chunk by chunk: one stream is read and folded at a time, so
 * memory stays flat whatever the number of agreements. Agreements are listed from the event
 * store itself (each agreement stream's first event), not from a read model, and come out in
 * the order this node recorded them.
 */
export async function* exportIati(store: EventStore, options: IatiExportOptions): AsyncGenerator<string> {
  const activities = visibleActivities(store, options);
  // The schema wants at least one iati-activity: find it before writing anything, so an empty
  // export is an error the caller sees, never an invalid document.
  const first = await activities.next();
  if (first.done) throw new NothingToExportError();
  const generatedAt = (options.generatedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  yield (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<iati-activities version="2.03" generated-datetime="${generatedAt}" xmlns:${KETNOI_PREFIX}="${KETNOI_NS}">\n`
  );
  yield first.value;
  for await (const activity of activities) yield activity;
  yield '</iati-activities>\n';
}

/** No agreement the caller may read (at that time, of that node) exists. */
export class NothingToExportError extends Error {
  readonly code = 'NOT_FOUND';
  constructor() {
    super('no agreement to export: an IATI file needs at least one activity the caller may read');
    this.name = 'NothingToExportError';
  }
}

async function* visibleActivities(store: EventStore, options: IatiExportOptions): AsyncGenerator<string> {
  const asOf = options.asOf?.getTime();
  for await (const streamId of agreementStreams(store, options.pageSize ?? 1000)) {
    const events = await store.readStream(streamId);
    // A withdrawn party exports the agreement as it stood at its withdrawal, as it reads it everywhere.
    const readable = events.slice(0, readableEventCount(options.actor, events.map((event) => upcast(event))));
    const facts = readable.length === 0 ? undefined : activityFacts(readable, asOf);
    if (facts === undefined) continue;
    if (options.node !== undefined && !readerNodes(facts.state).includes(options.node)) continue;
    yield activityXml(facts, options.publisherRef) + '\n';
  }
}

/** Every agreement stream, once, in log order: its revision-0 event is where it begins. */
async function* agreementStreams(store: EventStore, pageSize: number): AsyncGenerator<string> {
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) return;
    for (const event of page) {
      if (event.revision === 0 && parseAgreementStreamId(event.streamId) !== undefined) yield event.streamId;
    }
    after = page[page.length - 1]!.globalPosition;
  }
}
