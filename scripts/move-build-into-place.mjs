// A build is written to a staging dir, then moved into dist/ file by file with rename(2), which
// replaces a file atomically: a node running from dist/ (the web UI's files and, at its start,
// lazily imported modules are read from disk) sees the old file or the new one, never a missing
// or half-written one, where `nest build` with deleteOutDir emptied dist/ for seconds.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Moves every file of `staging` to the same path under `dist`, then deletes what the new build no
 * longer has. Top-level dot-entries of `dist` (the stamp, the lock, the staging dir) are kept.
 * HTML goes last so a page never names an asset that is not there yet.
 */
export function moveBuildIntoPlace(staging, dist) {
  const built = filesUnder(staging);
  const htmlLast = [
    ...built.filter((path) => !path.endsWith('.html')),
    ...built.filter((path) => path.endsWith('.html')),
  ];
  for (const path of htmlLast) replaceWith(join(staging, path), join(dist, path));
  const kept = new Set(built);
  for (const path of filesUnder(dist)) if (!kept.has(path)) rmSync(join(dist, path), { force: true });
  removeEmptyDirs(dist);
  rmSync(staging, { recursive: true, force: true });
}

function replaceWith(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  // A directory where the new build has a file (or the reverse) cannot be renamed over.
  if (existsSync(to) && statSync(to).isDirectory()) rmSync(to, { recursive: true, force: true });
  renameSync(from, to);
}

/** Files under `dir`, relative, without its top-level dot-entries. */
function filesUnder(dir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (prefix === '' && entry.name.startsWith('.')) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...filesUnder(dir, path));
    else files.push(path);
  }
  return files;
}

function removeEmptyDirs(dir, top = true) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (top && entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) removeEmptyDirs(join(dir, entry.name), false);
  }
  if (!top && readdirSync(dir).length === 0) rmdirSync(dir);
}
