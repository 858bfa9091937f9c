/** The namespace of the hub's own IATI extension attributes (IATI allows any attribute from another namespace). */
export const KETNOI_NS = 'urn:x-ketnoi:iati:1';
export const KETNOI_PREFIX = 'ketnoi';

/** Text and attribute values escaped for XML 1.0; the domain already refuses control characters. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Numeric references keep newlines and tabs through attribute-value normalisation.
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

export type Attributes = ReadonlyArray<readonly [name: string, value: string | undefined]>;

/** ` a="1" b="2"`, skipping undefined values, in the order given (the output is compared byte for byte). */
export function attrs(list: Attributes): string {
  let out = '';
  for (const [name, value] of list) if (value !== undefined) out += ` ${name}="${escapeXml(value)}"`;
  return out;
}

export const empty = (name: string, list: Attributes): string => `<${name}${attrs(list)}/>`;

export const element = (name: string, list: Attributes, children: string): string =>
  `<${name}${attrs(list)}>${children}</${name}>`;

export const narrative = (text: string, lang?: string): string =>
  element('narrative', [['xml:lang', lang]], escapeXml(text));
