import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { KETNOI_NS } from '../export/xml.js';
import type { Narrative, ParsedActivity, ParsedOrg, ParsedTransaction } from './parsed-activity.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * The activities of a 2.03 file, one at a time, read with a streaming SAX parser: only the
 * activity being read is held, so a file of any size is read at constant memory. The file has
 * passed the schema already; this reads what the import maps and counts what it does not.
 */
export async function* readActivities(file: string): AsyncGenerator<ParsedActivity> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ready: ParsedActivity[] = [];
  const reader = new ActivityReader(parser, (activity) => ready.push(activity));
  parser.on('opentag', (tag) => reader.open(tag as SaxesTagNS));
  parser.on('closetag', (tag) => reader.close(tag as SaxesTagNS));
  parser.on('text', (text) => reader.text(text));
  parser.on('cdata', (text) => reader.text(text));
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    parser.write(chunk as string);
    while (ready.length > 0) yield ready.shift()!;
  }
  parser.close();
  while (ready.length > 0) yield ready.shift()!;
}

/** Tracks where in the tree the parser is and fills the current activity. */
class ActivityReader {
  private readonly path: string[] = [];
  private activity: ParsedActivity | undefined;
  private texts: string[] | undefined;
  private org: ParsedOrg | undefined;
  private transaction: ParsedTransaction | undefined;
  private narrativeLang: string | undefined;
  private description: { generated: boolean; narratives: Narrative[] } | undefined;

  constructor(
    private readonly parser: SaxesParser<{ xmlns: true; position: true }>,
    private readonly emit: (activity: ParsedActivity) => void,
  ) {}

  open(tag: SaxesTagNS): void {
    // Elements of other namespaces (extensions) are not ours to read; their subtree is skipped.
    const name = tag.uri === '' ? tag.local : `{${tag.uri}}${tag.local}`;
    this.path.push(name);
    const depth = this.path.length;
    const a = attributesOf(tag);
    if (depth === 2 && name === 'iati-activity') return this.startActivity(a);
    const activity = this.activity;
    if (!activity || depth < 3) return;
    const child = this.path[2]!;
    if (depth === 3) return this.openChild(activity, name, a);
    if (name === 'narrative' && (depth === 4 || (depth === 5 && this.path[3] === 'provider-org'))) {
      this.narrativeLang = a.xmlLang;
      this.texts = [];
      return;
    }
    if (child === 'transaction' && depth === 4 && this.transaction) {
      if (name === 'transaction-type') this.transaction.type = a.code;
      else if (name === 'transaction-date') this.transaction.date = a.isoDate;
      else if (name === 'value') {
        this.transaction.currency = a.currency;
        this.texts = [];
      } else if (name === 'provider-org') this.transaction.provider = orgOf(a);
    }
  }

  text(text: string): void {
    this.texts?.push(text);
  }

  close(tag: SaxesTagNS): void {
    const depth = this.path.length;
    const name = this.path.pop()!;
    const activity = this.activity;
    if (!activity) return;
    if (depth === 2) {
      this.activity = undefined;
      return this.emit(activity);
    }
    const child = this.path[2];
    if (name === 'narrative' && this.texts) {
      const narrative = { lang: this.narrativeLang, text: this.texts.join('') };
      this.texts = undefined;
      const parent = this.path[this.path.length - 1];
      if (depth === 4 && child === 'title') activity.titles.push(narrative);
      else if (depth === 4 && child === 'description') this.description?.narratives.push(narrative);
      else if (depth === 4 && child === 'participating-org') this.org?.names.push(narrative);
      else if (depth === 5 && parent === 'provider-org') this.transaction?.provider?.names.push(narrative);
      return;
    }
    if (depth === 3 && name === 'iati-identifier' && this.texts) {
      activity.identifier = this.texts.join('').trim();
      this.texts = undefined;
    } else if (depth === 4 && child === 'transaction' && name === 'value' && this.transaction && this.texts) {
      this.transaction.value = this.texts.join('').trim();
      this.texts = undefined;
    }
    void tag;
  }

  private startActivity(a: Attrs): void {
    this.activity = {
      line: this.parser.line,
      identifier: '',
      lang: a.xmlLang,
      defaultCurrency: a['default-currency'],
      kind: a[`{${KETNOI_NS}}kind`],
      themes: a[`{${KETNOI_NS}}themes`],
      programme: a[`{${KETNOI_NS}}programme`],
      titles: [],
      descriptions: [],
      orgs: [],
      status: undefined,
      dates: [],
      recipientCountries: [],
      sectors: [],
      defaultFinanceType: undefined,
      transactions: [],
      unmapped: new Map(),
    };
  }

  private openChild(activity: ParsedActivity, name: string, a: Attrs): void {
    switch (name) {
      case 'iati-identifier':
        this.texts = [];
        return;
      case 'title':
        return;
      case 'description':
        this.description = { generated: a[`{${KETNOI_NS}}generated`] !== undefined, narratives: [] };
        activity.descriptions.push(this.description);
        return;
      case 'participating-org':
        this.org = orgOf(a);
        activity.orgs.push(this.org);
        return;
      case 'activity-status':
        activity.status = a.code;
        return;
      case 'activity-date':
        activity.dates.push({
          type: a.type,
          isoDate: a.isoDate,
          generated: a[`{${KETNOI_NS}}generated`] !== undefined,
        });
        return;
      case 'recipient-country':
        if (a.code !== undefined) activity.recipientCountries.push(a.code);
        return;
      case 'sector':
        activity.sectors.push({ vocabulary: a.vocabulary, code: a.code });
        return;
      case 'default-finance-type':
        activity.defaultFinanceType = a.code;
        return;
      case 'transaction':
        this.transaction = {
          type: undefined,
          date: undefined,
          value: '',
          currency: undefined,
          provider: undefined,
        };
        activity.transactions.push(this.transaction);
        return;
      // reporting-org is this file's publisher; the importing node reports its own.
      case 'reporting-org':
        return;
      default:
        activity.unmapped.set(name, (activity.unmapped.get(name) ?? 0) + 1);
    }
  }
}

type Attrs = Record<string, string | undefined> & {
  xmlLang?: string;
  code?: string;
  type?: string;
  isoDate?: string;
  currency?: string;
  vocabulary?: string;
};

/** Attributes by local name (no namespace), `{uri}local` otherwise; xml:lang as `xmlLang`. */
function attributesOf(tag: SaxesTagNS): Attrs {
  const out: Attrs = {};
  for (const attribute of Object.values(tag.attributes) as SaxesAttributeNS[]) {
    if (attribute.uri === XML_NS && attribute.local === 'lang') out.xmlLang = attribute.value.trim();
    else if (attribute.uri === '') out[attribute.local] = attribute.value.trim();
    else if (attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns')
      out[`{${attribute.uri}}${attribute.local}`] = attribute.value.trim();
  }
  if (out['iso-date'] !== undefined) out.isoDate = out['iso-date'];
  return out;
}

function orgOf(a: Attrs): ParsedOrg {
  return {
    role: a.role,
    type: a.type,
    ref: a.ref === '' ? undefined : a.ref,
    names: [],
    node: a[`{${KETNOI_NS}}node`],
    partyRole: a[`{${KETNOI_NS}}role`],
    country: a[`{${KETNOI_NS}}country`],
  };
}
