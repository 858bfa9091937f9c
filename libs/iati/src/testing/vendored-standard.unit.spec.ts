import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { IATI_DATA, SCHEMA_DIR } from './kit.js';

const LIB = join(import.meta.dirname, '../..');
/** Files of ours beside the vendored ones: the notes, not the standard. */
const OURS = new Set(['test-data/README.md', 'test-data/upstream-blobs.txt', 'schema/LICENSE']);

/** The id git gives a file's content, so it can be compared with the upstream commit's tree. */
const gitBlobId = (content: Buffer) =>
  createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

async function upstreamBlobs(): Promise<Map<string, { blob: string; source: string }>> {
  const lines = (await readFile(join(IATI_DATA, 'upstream-blobs.txt'), 'utf8')).trim().split('\n');
  return new Map(
    lines.map((line) => {
      const [blob, path, source] = line.split(/\s+/) as [string, string, string];
      return [path, { blob, source }];
    }),
  );
}

async function vendoredFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const root of [IATI_DATA, SCHEMA_DIR]) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      const path = relative(LIB, join(entry.parentPath, entry.name));
      if (entry.isFile() && !OURS.has(path)) files.push(path);
    }
  }
  return files.sort();
}

describe('the vendored IATI standard files', () => {
  it('given upstream-blobs.txt, when each vendored file is hashed as git does, then it is the upstream commit’s file unchanged', async () => {
    const expected = await upstreamBlobs();
    const changed: string[] = [];
    for (const path of await vendoredFiles()) {
      const actual = gitBlobId(await readFile(join(LIB, path)));
      if (actual !== expected.get(path)?.blob) changed.push(`${path}: ${actual}`);
    }
    expect(changed).toEqual([]);
  });

  it('given upstream-blobs.txt, when compared with the files on disk, then every line names a file and every file has a line with its source', async () => {
    const expected = await upstreamBlobs();
    expect([...expected.keys()].sort()).toEqual(await vendoredFiles());
    for (const { source } of expected.values()) {
      expect(source).toMatch(/^IATI\/IATI-[A-Za-z-]+@[0-9a-f]{40}:\S+$/);
    }
  });

  it('given the schema the import validates with, when hashed, then it is IATI-Schemas version-2.03’s', async () => {
    const blobs = await upstreamBlobs();
    expect(blobs.get('schema/iati-activities-schema.xsd')).toEqual({
      blob: '47adffa3bf9774c7e7fc5d0f73fbdbceb8ed495f',
      source: 'IATI/IATI-Schemas@4c9ba1e84815f57a4ffab03fdbd551ae4c71d08c:iati-activities-schema.xsd',
    });
  });
});
