import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { EventStore } from '@ketnoi/event-store';
import {
  postIatiFile,
  PUBLISHER,
  ScratchFiles,
  startIatiTestApp,
  TestStores,
  type IatiTestApp,
} from '../testing/index.js';

const stores = new TestStores();
const scratch = new ScratchFiles('iati-xml');
let hub: { app: IatiTestApp; store: EventStore };
/** A web server the files point at: every request it gets is a fetch the import must never make. */
let lure: { server: Server; url: string; requests: string[] };
/** A file on this machine no response may ever show. */
let secret: { file: string; content: string };

beforeAll(async () => {
  const content = `secret-${randomUUID()}`;
  secret = { file: await scratch.write(content, 'secret.txt'), content };
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end(`<!ENTITY leak "${secret.content}">`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  lure = { server, url: `http://127.0.0.1:${port}`, requests };
  const storage = await stores.freshStorage();
  hub = { app: await startIatiTestApp(storage, PUBLISHER), store: storage.store };
});
afterAll(async () => {
  await hub?.app.close();
  await new Promise((resolve) => lure?.server.close(resolve));
  await stores.closeAll();
  await scratch.remove();
});

/** One activity valid against the schema; `value` and `description` go in as written, unescaped. */
function iatiFile({
  prolog = '',
  value = '1000',
  description = 'Trường học',
  root = '',
  extension = '',
} = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
${prolog}
<iati-activities version="2.03"${root}>
  <iati-activity>
    <iati-identifier>KR-GOV-010-hue-schools</iati-identifier>
    <reporting-org type="10" ref="KR-GOV-010"><narrative>KOICA</narrative></reporting-org>
    <title><narrative>Schools of Huế</narrative></title>
    <description><narrative>${description}</narrative></description>
    <participating-org role="1" ref="KR-GOV-010"><narrative>KOICA</narrative></participating-org>
    <activity-status code="1"/>
    <activity-date type="1" iso-date="2025-01-01"/>
    <transaction>
      <transaction-type code="2"/>
      <transaction-date iso-date="2025-01-01"/>
      <value currency="USD" value-date="2025-01-01">${value}</value>
    </transaction>${extension}
  </iati-activity>
</iati-activities>
`;
}

/** The answer to an import, and whether it recorded anything. */
interface Refusal {
  status: number;
  contentType: string | null;
  text: string;
  problem: { code: string; detail: string; errors: Array<{ field: string; message: string }> };
  recorded: boolean;
}

/** Posts the file to the hub; what came back, and whether anything was recorded. */
async function importing(xml: string): Promise<Refusal> {
  const file = await scratch.write(xml);
  const before = await hub.store.headPosition();
  const response = await postIatiFile(hub.app.url, file);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    problem: JSON.parse(text) as Refusal['problem'],
    recorded: (await hub.store.headPosition()) !== before,
  };
}

const DTD_REFUSED = 'the file declares a DTD (<!DOCTYPE>); IATI files must not';

function expectRefusedDtd(refusal: Refusal, line: number): void {
  expect(refusal).toMatchObject({ status: 400, recorded: false });
  expect(refusal.contentType).toContain('application/problem+json');
  expect(refusal.problem.code).toBe('UNSAFE_XML');
  expect(refusal.problem.detail).toContain(`line ${line}: ${DTD_REFUSED}`);
  expect(refusal.problem.errors).toEqual([{ field: 'body', message: expect.stringContaining(DTD_REFUSED) }]);
  expect(refusal.text).not.toContain(secret.content);
}

describe('IATI import refuses DTDs and entities before anything reads them', () => {
  it('given a file whose <value> is an external entity on a local file, when imported, then 400 naming the DTD, the file never shows, nothing is recorded', async () => {
    const refusal = await importing(
      iatiFile({
        prolog: `<!DOCTYPE iati-activities [<!ENTITY e SYSTEM "file://${secret.file}">]>`,
        value: '&e;',
      }),
    );
    expectRefusedDtd(refusal, 2);
  });

  it('given the same attack on /etc/hostname, when imported, then the host name is not in the answer', async () => {
    const hostname = (await readFile('/etc/hostname', 'utf8')).trim();
    const refusal = await importing(
      iatiFile({
        prolog: '<!DOCTYPE iati-activities [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
        value: '&e;',
      }),
    );
    expectRefusedDtd(refusal, 2);
    expect(refusal.text).not.toMatch(new RegExp(`'${hostname}|\\b${hostname}\\b`));
  });

  it('given parameter entities loading a remote DTD, when imported, then 400 and no request leaves the hub', async () => {
    const refusal = await importing(
      iatiFile({
        prolog: `<!DOCTYPE iati-activities [\n  <!ENTITY % remote SYSTEM "${lure.url}/remote.dtd">\n  %remote;\n]>`,
        description: '&leak;',
      }),
    );
    expectRefusedDtd(refusal, 2);
    expect(lure.requests).toEqual([]);
  });

  it('given an external DTD on a web server, when imported, then 400 and the server is never asked', async () => {
    const refusal = await importing(
      iatiFile({ prolog: `<!DOCTYPE iati-activities SYSTEM "${lure.url}/iati.dtd">` }),
    );
    expectRefusedDtd(refusal, 2);
    expect(lure.requests).toEqual([]);
  });

  it('given a billion laughs (nested internal entities), when imported, then 400 at once', async () => {
    const laughs = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) laughs.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const started = Date.now();
    const refusal = await importing(
      iatiFile({
        prolog: `<!DOCTYPE iati-activities [\n${laughs.join('\n')}\n]>`,
        description: '&lol9;',
      }),
    );
    expectRefusedDtd(refusal, 2);
    expect(refusal.text).not.toContain('lollol');
    // Expanding it would be 10^9 "lol"s: an answer within seconds shows nothing expanded it.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('given a DOCTYPE without any entity, when imported, then 400 all the same', async () => {
    expectRefusedDtd(await importing(iatiFile({ prolog: '<!DOCTYPE iati-activities>' })), 2);
  });

  it('given a DOCTYPE after comments, when imported, then the line named is the DOCTYPE’s', async () => {
    expectRefusedDtd(
      await importing(iatiFile({ prolog: '<!-- published by KOICA -->\n\n<!DOCTYPE iati-activities>' })),
      4,
    );
  });

  it('given an entity reference without any DTD, when imported, then 400 naming the activity and the line', async () => {
    const refusal = await importing(iatiFile({ description: `${secret.content} &leak;` }));
    expect(refusal).toMatchObject({ status: 400, recorded: false });
    expect(refusal.problem.code).toBe('UNSAFE_XML');
    expect(refusal.problem.detail).toContain(
      "activity 'KR-GOV-010-hue-schools' (line 4), line 8: the file refers to an entity",
    );
    expect(refusal.text).not.toContain(secret.content);
  });
});

describe('IATI import follows no link a file gives', () => {
  it('given a schema location and an XInclude pointing at a web server, when imported, then the file imports and the server is never asked', async () => {
    const outcome = await importing(
      iatiFile({
        root: ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="${lure.url}/evil.xsd" xmlns:xi="http://www.w3.org/2001/XInclude"`,
        extension: `\n    <xi:include href="${lure.url}/included.xml"/>`,
      }),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.text).not.toContain(secret.content);
    expect(lure.requests).toEqual([]);
  });
});

describe('IATI import errors name the activity and the line, never file contents or libxml2', () => {
  it('given a file that is not well-formed, when imported, then 400 naming the activity and the line, not a 500', async () => {
    const refusal = await importing(iatiFile({ description: `${secret.content}</title>` }));
    expect(refusal).toMatchObject({ status: 400, recorded: false });
    expect(refusal.problem.code).toBe('MALFORMED_XML');
    expect(refusal.problem.detail).toContain("activity 'KR-GOV-010-hue-schools' (line 4), line 8");
    expect(refusal.text).not.toContain(secret.content);
  });

  it('given a value the schema refuses, when imported, then the problem names the activity, line and element, not the value', async () => {
    // The value spans lines 15 and 16; libxml2 names the line where the element ends.
    const refusal = await importing(iatiFile({ value: `${secret.content}\nmore` }));
    expect(refusal).toMatchObject({ status: 400, recorded: false });
    expect(refusal.problem.code).toBe('INVALID_IATI_FILE');
    expect(refusal.problem.errors).toEqual([
      {
        field: 'value',
        message:
          "activity 'KR-GOV-010-hue-schools' (line 4), line 16: Element 'value': the value is not a valid value of the atomic type 'xs:decimal'.",
      },
    ]);
    expect(refusal.text).not.toContain(secret.content);
    expect(refusal.text).not.toMatch(/xmlschemas\.c|Unimplemented|Schemas validity error/);
  });
});
