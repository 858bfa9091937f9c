import { afterAll, describe, expect, it } from '@jest/globals';
import { ScratchFiles } from '../testing/index.js';
import { IatiFileError } from './iati-file-error.js';
import { scanXml, type ActivitySpan } from './xml-scan.js';

const scratch = new ScratchFiles('xml');
const fileWith = (xml: string) => scratch.write(xml);
afterAll(() => scratch.remove());

/** The refusal of scanning `xml`, or undefined when it passes. */
const refusalOf = async (xml: string) =>
  scanXml(await fileWith(xml)).then(
    () => undefined,
    (error: unknown) => {
      if (!(error instanceof IatiFileError)) throw error;
      return { code: error.code, message: error.message };
    },
  );

const activities = (...bodies: string[]) =>
  `<iati-activities version="2.03">\n${bodies.map((b) => `<iati-activity>\n${b}\n</iati-activity>`).join('\n')}\n</iati-activities>\n`;

describe('scanXml, the check before any schema validation', () => {
  it('given character references and XML’s five entities, when scanned, then the file passes', async () => {
    expect(
      await refusalOf(
        activities(
          '<iati-identifier>A&#45;1</iati-identifier><title>&amp;&lt;&gt;&quot;&apos;&#x1EA1;</title>',
        ),
      ),
    ).toBeUndefined();
  });

  it('given a DOCTYPE after the root element, when scanned, then it is refused as a DTD, not as a syntax error', async () => {
    expect(await refusalOf(`<iati-activities>\n<!DOCTYPE iati-activities>\n</iati-activities>`)).toEqual({
      code: 'UNSAFE_XML',
      message: expect.stringContaining('line 2: the file declares a DTD (<!DOCTYPE>)'),
    });
  });

  it('given a DOCTYPE whose internal subset runs past 1 MiB, when scanned, then it is refused without reading it all', async () => {
    const huge = `<!DOCTYPE iati-activities [\n<!-- ${'x'.repeat(8 * 1024 * 1024)} -->\n]>\n${activities('')}`;
    expect(await refusalOf(huge)).toEqual({
      code: 'UNSAFE_XML',
      message: expect.stringContaining('more than 1 MiB comes before the root element'),
    });
  });

  it('given an unclosed element, when scanned, then MALFORMED_XML names the activity by its identifier', async () => {
    expect(await refusalOf(activities('<iati-identifier>XM-1</iati-identifier>\n<title>'))).toEqual({
      code: 'MALFORMED_XML',
      message: expect.stringMatching(
        /^the file is not well-formed XML: activity 'XM-1' \(line 2\), line 5: /,
      ),
    });
  });

  it('given a problem before the identifier is read, when scanned, then the activity is named by its line', async () => {
    expect(await refusalOf(activities('<title>&nbsp;</title>'))).toEqual({
      code: 'UNSAFE_XML',
      message: expect.stringContaining('the activity at line 2, line 3: the file refers to an entity'),
    });
  });

  it('given a listener, when scanned, then it sees each activity with its lines, and stops when it asks', async () => {
    const file = await fileWith(
      activities('<iati-identifier> A-1 </iati-identifier>', '<iati-identifier>A-2</iati-identifier>', ''),
    );
    const seen: ActivitySpan[] = [];
    await scanXml(file, (span) => void seen.push(span));
    expect(seen).toEqual([
      { identifier: 'A-1', line: 2, endLine: 4 },
      { identifier: 'A-2', line: 5, endLine: 7 },
      { identifier: undefined, line: 8, endLine: 10 },
    ]);
    const first: ActivitySpan[] = [];
    await scanXml(file, (span) => first.push(span) > 0);
    expect(first).toHaveLength(1);
  });
});
