// Builds node_modules/.cache/ketnoi/pglite-template.tgz: an initialised, empty PGlite data dir for this PGlite version.
// A node's first start unpacks it instead of running initdb in WebAssembly (about 4 s).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const target = 'node_modules/.cache/ketnoi/pglite-template.tgz';
const stamp = `${target}.version`;
const version = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')).version;
if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) process.exit(0);

mkdirSync('node_modules/.cache/ketnoi', { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'ketnoi-pglite-template-'));
try {
  const db = await PGlite.create(dir);
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
  writeFileSync(stamp, version);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
