// Placeholder until the hub is wired; replaced by the embedded hub.
import { AGREEMENT_EVENT_TYPES } from '@ketnoi/domain';
console.log(`ketnoi hub: ${AGREEMENT_EVENT_TYPES.length} event types`);
