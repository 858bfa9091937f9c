import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalIati,
  IATI_DATA,
  PUBLISHER,
  seedNegotiations,
  startIatiTestApp,
  TestStores,
  xmllint,
  type IatiTestApp,
} from '../../../../../libs/iati/src/testing/index.js';
import { CliError } from '../cli-command.js';
import { buildProgram } from '../program.js';

const stores = new TestStores();
let dir: string;
let origin: IatiTestApp;
let fresh: IatiTestApp;

/** Runs `ketnoi <args>` in this process against the real HTTP apps; returns what it printed. */
async function ketnoi(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await buildProgram().parseAsync(['node', 'ketnoi', ...args]);
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ketnoi-iati-cli-'));
  const a = await stores.freshStorage();
  await seedNegotiations(a.store);
  origin = await startIatiTestApp(a, PUBLISHER);
  fresh = await startIatiTestApp(await stores.freshStorage(), PUBLISHER);
});
afterAll(async () => {
  await origin?.close();
  await fresh?.close();
  await stores.closeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('ketnoi export iati / import iati', () => {
  it('given a node, when exporting to a file, importing it into a fresh node and exporting again, then both files are valid and equal after canonicalisation', async () => {
    const first = join(dir, 'first.xml');
    await ketnoi('export', 'iati', '--url', origin.url, '--out', first);
    expect(await xmllint(first)).toBe('valid');
    const printed = await ketnoi('import', 'iati', first, '--url', fresh.url);
    expect(printed).toMatch(
      /import iati: 3 activities: 3 drafted, 0 already imported, 0 skipped; 4 commitments recorded$/,
    );
    const second = join(dir, 'second.xml');
    await ketnoi('export', 'iati', '--url', fresh.url, '--out', second);
    expect(await canonicalIati(second)).toBe(await canonicalIati(first));
  });

  it("given --node, when exporting, then only that node's agreements are in the file", async () => {
    const file = join(dir, 'nevers.xml');
    await ketnoi('export', 'iati', '--url', origin.url, '--node', 'fr-nevers', '--out', file);
    expect((await readFile(file, 'utf8')).match(/<iati-activity /g)).toHaveLength(1);
  });

  it('given a bad --as-of, when exporting, then one line naming the flag and both forms it takes', async () => {
    await expect(
      ketnoi('export', 'iati', '--url', origin.url, '--as-of', 'last week', '--out', join(dir, 'x.xml')),
    ).rejects.toThrow(
      expect.objectContaining({
        constructor: CliError,
        message: expect.stringMatching(/^--as-of must be a date \(2026-12-01: that whole UTC day\) or an instant with a zone/),
      }),
    );
  });

  it('given a bare date, when exporting as of it, then it means the end of that day: today holds everything, a past day nothing', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await ketnoi('export', 'iati', '--url', origin.url, '--as-of', today, '--out', join(dir, 'today.xml'));
    await ketnoi('export', 'iati', '--url', origin.url, '--out', join(dir, 'now.xml'));
    const activities = async (file: string) => (await readFile(join(dir, file), 'utf8')).match(/<iati-activity /g)?.length;
    expect(await activities('today.xml')).toBe(await activities('now.xml'));
    await expect(ketnoi('export', 'iati', '--url', origin.url, '--as-of', '2000-01-01', '--out', join(dir, 'past.xml'))).rejects.toThrow(
      /^export iati: 404 no agreement to export/,
    );
  });

  it('given a should-fail file, when importing, then one line naming the element', async () => {
    const file = join(IATI_DATA, 'tests/activity-tests/should-fail/20-two-reporting-orgs.xml');
    await expect(ketnoi('import', 'iati', file, '--url', fresh.url)).rejects.toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^import iati: 400 .*Element 'reporting-org'/),
      }),
    );
  });

  it('given the annotated example, when importing, then the report lists what was left out', async () => {
    const printed = await ketnoi(
      'import',
      'iati',
      join(IATI_DATA, 'activity-standard-example-annotated.xml'),
      '--url',
      fresh.url,
    );
    expect(printed).toMatch(/^drafted +AA-AAA-123456789-ABC123 \(line \d+\) -> [0-9a-f-]{36}$/m);
    expect(printed).toContain('    left out  title in es (the hub keeps vi, en and fr)');
  });
});
