import type { PartyRole } from '@ketnoi/domain';

/** What the IATI routes need besides the global providers. */
export interface IatiModuleOptions {
  /** The reporting organisation's IATI identifier: config.iati.publisherRef (KETNOI_IATI_PUBLISHER_REF). */
  readonly publisherRef: string;
  /** How this node is named when a file does not list it among the organisations. @defaultValue the node id */
  readonly nodeName?: string;
  /** @defaultValue 'CITY' */
  readonly nodeRole?: PartyRole;
  /** Country of organisations the file does not place. @defaultValue 'VN' */
  readonly defaultCountry?: string;
  /** Largest accepted upload, in bytes. @defaultValue 512 MiB */
  readonly maxImportBytes?: number;
  /** Where uploads are spooled before validation. @defaultValue os.tmpdir() */
  readonly spoolDir?: string;
}

export const IATI_OPTIONS = Symbol('IATI_OPTIONS');
