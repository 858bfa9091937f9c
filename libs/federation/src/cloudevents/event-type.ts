import { InvalidCloudEventError } from './errors.js';

const PREFIX = 'org.ketnoi.agreement.';
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,63}$/;
const CE_TYPE = /^org\.ketnoi\.agreement\.([A-Z][A-Za-z0-9]{0,63})\.v([1-9][0-9]{0,5})$/;

/** `AgreementDrafted` v1 -> `org.ketnoi.agreement.AgreementDrafted.v1`. */
export function cloudEventTypeFor(type: string, schemaVersion: number): string {
  if (!EVENT_TYPE.test(type))
    throw new InvalidCloudEventError(
      'type',
      `event type must be PascalCase letters and digits, got ${JSON.stringify(type)}`,
    );
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > 999_999) {
    throw new InvalidCloudEventError('type', `schemaVersion must be an integer from 1, got ${schemaVersion}`);
  }
  return `${PREFIX}${type}.v${schemaVersion}`;
}

export function parseCloudEventType(ceType: string): { type: string; schemaVersion: number } {
  const m = CE_TYPE.exec(ceType);
  if (!m) {
    throw new InvalidCloudEventError(
      'type',
      `must be ${PREFIX}<EventType>.v<schemaVersion>, got ${JSON.stringify(ceType)}`,
    );
  }
  return { type: m[1] as string, schemaVersion: Number(m[2]) };
}
