/**
 * A Kafka message that is not a valid CloudEvent, or not a valid Kết nối event. Never retriable:
 * the same bytes fail the same way, so the inbound side quarantines the message and moves on.
 */
export class InvalidCloudEventError extends Error {
  override readonly name = 'InvalidCloudEventError';
  readonly code = 'INVALID_CLOUD_EVENT';
  readonly retriable = false;
  constructor(
    /** The attribute (`id`, `time`, `ketnoihash`), header (`ce_Foo`, `content-type`) or part (`key`, `value`, `data`) at fault. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
