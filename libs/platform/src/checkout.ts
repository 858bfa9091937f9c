import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'ketnoi';
const roots = new Map<string, string>();

/**
 * The folder of the project's package.json above `moduleUrl`. Modules run from the sources
 * (tests, under Jest) or from `dist/` (the build), at different depths: a path counted in `../`
 * is right in one and points outside the checkout in the other.
 */
export function checkoutRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  const known = roots.get(start);
  if (known) return known;
  for (let dir = start; ; dir = dirname(dir)) {
    if (isProjectRoot(dir)) {
      roots.set(start, dir);
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${start}`);
  }
}

/** A path inside the checkout, e.g. `inCheckout(import.meta.url, 'proto', 'x.proto')`. */
export const inCheckout = (moduleUrl: string, ...parts: string[]): string => join(checkoutRoot(moduleUrl), ...parts);

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
