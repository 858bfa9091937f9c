import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** Tracked TypeScript files under `dir`, with each relative import resolved to a path from the root. */
function relativeImports(dir: string): Array<{ file: string; target: string }> {
  const files = execFileSync('git', ['ls-files', '-z', '--', `${dir}/*.ts`], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      return []; // deleted in the working tree, not yet committed
    }
    return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => ({
      file,
      target: relative(ROOT, join(ROOT, dirname(file), m[1]!)),
    }));
  });
}

const topOf = (path: string, root: string) => (path.startsWith(`${root}/`) ? path.split('/')[1] : undefined);

// One composition (libs/node) serves every app: an app that imports another, or a library that
// reaches into another's src/ instead of its @ketnoi/* entry, is how the copies drifted before.
describe('module boundaries', () => {
  it('given every file of every app, then none imports another app', () => {
    const crossing = relativeImports('apps').filter(({ file, target }) => {
      const to = topOf(target, 'apps');
      return to !== undefined && to !== topOf(file, 'apps');
    });
    expect(crossing).toEqual([]);
  });

  it('given the production code of every library, then none reaches into another library by a relative path', () => {
    const crossing = relativeImports('libs').filter(({ file, target }) => {
      if (/\.spec\.ts$|\/testing\//.test(file)) return false; // test kits share fixtures
      return topOf(target, 'libs') !== topOf(file, 'libs');
    });
    expect(crossing).toEqual([]);
  });
});
