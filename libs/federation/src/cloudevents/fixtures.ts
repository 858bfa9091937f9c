import type { RecordedEvent } from '@ketnoi/event-store';

/** The Cần Thơ smart city scheme: Vietnamese text and a money amount that must survive exactly. */
export const fundingCommitted: RecordedEvent = {
  eventId: '01938f4e-7c1a-7d2e-9b3f-5a6c7d8e9f01',
  streamId: 'agreement-01938f4e-0000-7000-8000-000000000001',
  revision: 3,
  globalPosition: 42n,
  type: 'FundingCommitted',
  schemaVersion: 2,
  data: {
    title: { vi: 'Đề án xây dựng đô thị thông minh thành phố Cần Thơ', en: 'Cần Thơ smart city scheme' },
    donor: 'vn-can-tho',
    amount: { amount: '1011800000000', currency: 'VND' },
    committedOn: '2021-08-02',
    note: null,
    tranches: [1, 2.5, true],
  },
  metadata: {
    actor: 'officer:nguyễn.văn.a@cantho.gov.vn',
    actorNode: 'vn-can-tho',
    originNode: 'vn-can-tho',
    originRevision: 3,
    correlationId: '01938f4e-7c1a-7d2e-9b3f-5a6c7d8e9f00',
    causationId: 'cmd-42',
    occurredAt: '2021-08-02T09:30:00.123+07:00',
    recordedAt: '2021-08-02T02:30:00.200Z',
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    signature: 'c'.repeat(86),
  },
};
