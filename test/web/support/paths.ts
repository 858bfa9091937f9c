import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout, found upwards from this file: the same from the sources (Jest) and from
 * dist/test/web/support (the compiled bench), where a fixed `../../..` would land in dist/.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'apps', 'web', 'index.html'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the checkout (apps/web/index.html) above ' + import.meta.url);
    dir = parent;
  }
  return dir;
}

/** Screenshots and test builds of the UI (git-ignored). */
export const OUTPUT = join(repoRoot(), 'test-output', 'web');
