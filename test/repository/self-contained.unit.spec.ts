import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outsideReferences } from './outside-references.js';

const ROOT = join(import.meta.dirname, '../..');
// Built from parts so that this file does not name the folder it guards against.
const SIBLING = ['..', 'shared'].join('/');
const UP_FOUR = ['..', '..', '..', '..'].join('/');

function trackedTextFiles(): Array<{ file: string; text: string }> {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return files.flatMap((file) => {
    let content: Buffer;
    try {
      content = readFileSync(join(ROOT, file));
    } catch {
      return []; // deleted in the working tree, not yet committed: nothing to read
    }
    return content.includes(0) ? [] : [{ file, text: content.toString('utf8') }];
  });
}

describe('the repository is self-contained', () => {
  it('given every tracked text file, when its links and relative paths are resolved, then none leaves the checkout', () => {
    const found = trackedTextFiles().flatMap(({ file, text }) => outsideReferences(ROOT, file, text));
    expect(found).toEqual([]);
  });

  it('given a test kit reading the standard from a folder beside the checkout, when checked, then the path is named', () => {
    const line = `export const IATI_DATA = join(import.meta.dirname, '../../../../../${SIBLING.slice(3)}/data/iati');`;
    expect(outsideReferences(ROOT, 'libs/iati/src/testing/kit.ts', line)).toEqual([
      {
        file: 'libs/iati/src/testing/kit.ts',
        line: 1,
        reference: `../../../../../${SIBLING.slice(3)}/data/iati`,
        why: 'path climbs above the repository',
      },
    ]);
  });

  it('given a README linking a design beside the checkout and naming its seeds in code, when checked, then both are named', () => {
    const text = `See [the design](${SIBLING}/DESIGN.md).\nArticles in \`${SIBLING}/seeds/\`.`;
    expect(outsideReferences(ROOT, 'README.md', text).map(({ line, why }) => ({ line, why }))).toEqual([
      { line: 1, why: 'link leaves the repository' },
      { line: 2, why: 'path leaves the repository' },
    ]);
  });

  it('given a doc in docs/ naming, from the root, a folder beside the checkout, when checked, then the path is named', () => {
    const text = `Against the real files in \`${SIBLING}/data/iati\`.`;
    expect(outsideReferences(ROOT, 'docs/iati.md', text)).toEqual([
      { file: 'docs/iati.md', line: 1, reference: `${SIBLING}/data/iati`, why: 'path leaves the repository' },
    ]);
  });

  it('given relative paths that stay inside, or reach dist/ and node_modules/ from the compiled file, when checked, then none is named', () => {
    const code = [
      `import { x } from '${SIBLING}/command-slice.js';`,
      `new URL('${UP_FOUR}/node_modules/.cache/ketnoi/pglite-template', import.meta.url);`,
      `new URL('${UP_FOUR}/web/', import.meta.url);`,
    ].join('\n');
    expect(outsideReferences(ROOT, 'libs/agreements/src/commands/draft/draft.ts', code)).toEqual([]);
    expect(outsideReferences(ROOT, 'libs/node/src/web-ui.module.ts', code)).toEqual([]);
    expect(outsideReferences(ROOT, 'docs/x.md', 'See [design](design.md#demo-data).')).toEqual([]);
  });

  it('given a markdown link to a file the repository does not have, when checked, then it is named as dead', () => {
    expect(outsideReferences(ROOT, 'docs/x.md', 'See [gone](no-such-file.md).')).toEqual([
      { file: 'docs/x.md', line: 1, reference: 'no-such-file.md', why: 'link to nothing in the repository' },
    ]);
  });
});
