/** Text in one language; `lang` undefined means the activity's default language. */
export interface Narrative {
  readonly lang: string | undefined;
  readonly text: string;
}

/** An organisation as a 2.03 file names it, with the hub's extension attributes when present. */
export interface ParsedOrg {
  readonly role: string | undefined;
  readonly type: string | undefined;
  readonly ref: string | undefined;
  readonly names: Narrative[];
  /** `ketnoi:node`, `ketnoi:role`, `ketnoi:country`: written by a hub's export. */
  readonly node: string | undefined;
  readonly partyRole: string | undefined;
  readonly country: string | undefined;
}

export interface ParsedTransaction {
  type: string | undefined;
  date: string | undefined;
  value: string;
  currency: string | undefined;
  provider: ParsedOrg | undefined;
}

/** One `iati-activity`, the parts the import maps, read by the streaming parser. */
export interface ParsedActivity {
  /** Line of the opening tag, for the report. */
  readonly line: number;
  identifier: string;
  readonly lang: string | undefined;
  readonly defaultCurrency: string | undefined;
  readonly kind: string | undefined;
  readonly themes: string | undefined;
  readonly programme: string | undefined;
  readonly titles: Narrative[];
  readonly descriptions: Array<{ generated: boolean; narratives: Narrative[] }>;
  readonly orgs: ParsedOrg[];
  status: string | undefined;
  readonly dates: Array<{ type: string | undefined; isoDate: string | undefined; generated: boolean }>;
  readonly recipientCountries: string[];
  readonly sectors: Array<{ vocabulary: string | undefined; code: string | undefined }>;
  defaultFinanceType: string | undefined;
  readonly transactions: ParsedTransaction[];
  /** Elements the import does not map, by name, with how often they occur. */
  readonly unmapped: Map<string, number>;
}
