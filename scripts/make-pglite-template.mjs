// Builds node_modules/.cache/ketnoi/pglite-template/: the PGlite data dir of a node that has
// started once and recorded nothing (initdb done, every module's tables created). A node's first
// start copies it instead of running initdb in WebAssembly and creating its tables (about 4 s).
// Migrations stay idempotent, so a template from an older build is still a correct start.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CACHE = 'node_modules/.cache/ketnoi';
const target = join(CACHE, 'pglite-template');
const stamp = join(CACHE, 'pglite-template.stamp');

// Rebuilt when PGlite or the compiled code changes.
const hash = createHash('sha256');
hash.update(readFileSync('node_modules/@electric-sql/pglite/package.json'));
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.js')) hash.update(path).update(readFileSync(path));
  }
};
walk('dist/libs');
const version = hash.digest('hex');
if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) process.exit(0);

mkdirSync(CACHE, { recursive: true });
// Beside the target, so the finished dir is renamed into place (never half-copied).
const dataDir = mkdtempSync(join(CACHE, 'building-'));
try {
  const { loadConfig } = await import('../dist/libs/config/src/index.js');
  const { startHub } = await import('../dist/apps/hub/src/start-hub.js');
  const config = loadConfig({ KETNOI_DATA_DIR: dataDir, PORT: '0', GRPC_PORT: '0', LOG_LEVEL: 'warn' }, process.cwd());
  const hub = await startHub(config);
  await hub.close();
  // Two renames, and the replaced template kept until the next one: a node starting meanwhile may
  // be copying it (cp -R), and removing it under that copy would leave the node a half-copied
  // database. Between the renames a start finds no template and runs initdb: slower, still right.
  for (const name of readdirSync(CACHE)) {
    if (name.startsWith('pglite-template.old-')) rmSync(join(CACHE, name), { recursive: true, force: true });
  }
  if (existsSync(target)) renameSync(target, join(CACHE, `pglite-template.old-${process.pid}`));
  renameSync(config.storage.dataDir, target);
  writeFileSync(stamp, version);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
