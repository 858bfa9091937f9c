import { DomainError } from '../errors.js';
import { AGREEMENT_EVENT_TYPES, type AgreementEvent, type AgreementEventType } from './events.js';

/** An event as read from storage or from a peer, before its data is trusted to be current. */
export interface VersionedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Turns the data of `type` at `fromVersion` into its shape at `fromVersion + 1`. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown) => unknown;
}

export interface Upcasting {
  /** The version this code writes for a type: 1 + the number of upcasters registered for it. */
  currentSchemaVersion(type: string): number;
  /** Brings an event to the current version, one step at a time; newer versions are refused. */
  upcast(event: VersionedEvent): { type: string; data: unknown };
}

/**
 * A registry of upcasters. Steps must be contiguous from version 1 so every
 * old version has a path to the current one; a gap is a programming error
 * and fails at start, not on the first old event read.
 */
export function createUpcasting(upcasters: readonly Upcaster[]): Upcasting {
  const steps = new Map<string, Upcaster[]>();
  for (const upcaster of upcasters) steps.set(upcaster.type, [...(steps.get(upcaster.type) ?? []), upcaster]);
  for (const [type, list] of steps) {
    list.sort((a, b) => a.fromVersion - b.fromVersion);
    list.forEach((step, i) => {
      if (step.fromVersion !== i + 1)
        throw new Error(`upcasters of ${type} must start at version 1 and have no gaps`);
    });
  }
  const currentSchemaVersion = (type: string): number => 1 + (steps.get(type)?.length ?? 0);
  return {
    currentSchemaVersion,
    upcast({ type, schemaVersion, data }) {
      if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
        throw new DomainError('INVALID_VALUE', 'must be a whole number from 1', 'schemaVersion');
      }
      const current = currentSchemaVersion(type);
      // A newer peer's event cannot be read safely: its meaning may have changed in
      // ways this code does not know. The caller parks it until this node upgrades.
      if (schemaVersion > current) {
        throw new DomainError(
          'UNSUPPORTED_SCHEMA_VERSION',
          `${type} v${schemaVersion} is newer than this node reads (v${current}); upgrade the node`,
          'schemaVersion',
        );
      }
      let upcasted = data;
      for (const step of steps.get(type)?.slice(schemaVersion - 1) ?? []) upcasted = step.upcast(upcasted);
      return { type, data: upcasted };
    },
  };
}

/** The upcasters of this code base: none yet, every agreement event is at version 1. */
export const AGREEMENT_UPCASTERS: readonly Upcaster[] = [];

const agreementUpcasting = createUpcasting(AGREEMENT_UPCASTERS);

export const currentSchemaVersion = (type: string): number => agreementUpcasting.currentSchemaVersion(type);

export const isAgreementEventType = (type: string): type is AgreementEventType =>
  (AGREEMENT_EVENT_TYPES as readonly string[]).includes(type);

/**
 * An agreement event as stored (any version up to the current one) as the
 * current `AgreementEvent`. A type this code does not know is refused: it is
 * from a newer peer or not an agreement event, and folding it would be a guess.
 */
export function upcast(event: VersionedEvent): AgreementEvent {
  if (!isAgreementEventType(event.type)) {
    throw new DomainError('INVALID_VALUE', `${event.type} is not an agreement event type`, 'type');
  }
  // After the last step the data has the current shape, which is what the union describes.
  return agreementUpcasting.upcast(event) as AgreementEvent;
}
