import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ScratchFiles, xmllint } from '../testing/index.js';
import { describeProblem, IatiFileError } from './iati-file-error.js';
import { defaultSchemaPath, validateAgainstSchema } from './schema-validation.js';

const scratch = new ScratchFiles('xml');
const secret = `secret-${randomUUID()}`;
const fileWith = (xml: string) => scratch.write(xml);
afterAll(() => scratch.remove());

/** What validateAgainstSchema refuses, as the sender would read it. */
const refusalOf = async (file: string, schema = defaultSchemaPath()) => {
  const error = await validateAgainstSchema(file, schema).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IatiFileError)) throw new Error(`not refused: ${String(error)}`);
  return {
    code: error.code,
    problems: error.problems.map(describeProblem),
    text: JSON.stringify(error) + error.message,
  };
};

/** A small schema of our own with the facets IATI's schema does not use (pattern, enumeration, length). */
const FACETS_XSD = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="codes"><xs:complexType><xs:sequence>
    <xs:element name="pattern"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="choice"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="a"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="short"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction></xs:simpleType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
`;

describe('schema refusals in the sender’s words', () => {
  it('given a file on which libxml2 reports its own internals, when validated, then the refusal says so in a sentence and quotes nothing', async () => {
    // An entity xmllint cannot resolve: scanXml refuses this file first; here xmllint sees it, as it did before.
    const file = await fileWith(
      `<iati-activities version="2.03"><iati-activity><iati-identifier>${secret} &e;</iati-identifier></iati-activity></iati-activities>\n`,
    );
    expect(await xmllint(file, defaultSchemaPath())).toMatch(/Unimplemented block at \S*xmlschemas\.c:\d+/);
    const refusal = await refusalOf(file);
    expect(refusal.code).toBe('INVALID_IATI_FILE');
    expect(refusal.problems).toEqual([
      expect.stringMatching(/^the schema validator refused the file without saying where/),
    ]);
    expect(refusal.text).not.toMatch(/xmlschemas\.c|Unimplemented|failed to parse/);
    expect(refusal.text).not.toContain(secret);
    expect(refusal.text).not.toContain(file);
  });

  it('given values the facets refuse, when validated, then each problem names the element and the facet, never the value', async () => {
    const schema = await scratch.write(FACETS_XSD, 'facets.xsd');
    const file = await fileWith(
      `<codes>\n<pattern>${secret}</pattern>\n<choice>${secret}</choice>\n<short>${secret}</short>\n</codes>\n`,
    );
    const raw = await xmllint(file, schema);
    expect(raw).toContain(secret);
    const refusal = await refusalOf(file, schema);
    expect(refusal.problems).toEqual([
      "line 2: Element 'pattern': [facet 'pattern'] the value is not allowed by the schema's pattern facet.",
      "line 3: Element 'choice': [facet 'enumeration'] the value is not allowed by the schema's enumeration facet.",
      `line 4: Element 'short': [facet 'maxLength'] The value has a length of '${secret.length}'; this exceeds the allowed maximum length of '3'.`,
    ]);
    expect(refusal.text).not.toContain(secret);
  });
});
