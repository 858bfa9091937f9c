import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** A place in a tracked file that names something outside the checkout. */
export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly reference: string;
  readonly why: string;
}

const MARKDOWN_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const CODE_SPAN_PATH = /`(\.\.?\/[^`\s]*)`/g;
const PATH_LITERAL = /(['"`])(\.\.?\/[^'"`\s$]*)\1/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
/** Where `npm ci` and `npm run build` write: a path there is the checkout's own once built. */
const BUILD_OUTPUTS = new Set(['dist', 'node_modules']);

const isInside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function* matches(text: string, pattern: RegExp, group: number) {
  for (const match of text.matchAll(pattern)) {
    yield { value: match[group]!, line: text.slice(0, match.index).split('\n').length };
  }
}

/**
 * Markdown: every relative link must name a file or folder of the checkout, and a path in a
 * code span must not climb above it, read from the file or from the root. Code: a relative path literal must stay inside the checkout
 * from the source file, or, for code that runs compiled, from its place under dist/ to a file of
 * the checkout or into dist/ or node_modules/. Any text: no absolute path into the folder that holds the checkout.
 */
export function outsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const at = (line: number, reference: string, why: string) => found.push({ file, line, reference, why });
  const here = dirname(join(root, file));

  if (file.endsWith('.md')) {
    for (const { value, line } of matches(text, MARKDOWN_LINK, 1)) {
      if (SCHEME.test(value) || value.startsWith('#')) continue;
      const target = resolve(here, decodeURI(value.split('#')[0]!));
      if (!isInside(root, target)) at(line, value, 'link leaves the repository');
      else if (!existsSync(target)) at(line, value, 'link to nothing in the repository');
    }
    // Prose names paths from the checkout's root as often as from the file: both must stay inside.
    for (const { value, line } of matches(text, CODE_SPAN_PATH, 1)) {
      if (![here, root].every((base) => isInside(root, resolve(base, value)))) {
        at(line, value, 'path leaves the repository');
      }
    }
  }

  if (CODE.test(file)) {
    const compiled = dirname(join(root, 'dist', file));
    for (const { value, line } of matches(text, PATH_LITERAL, 2)) {
      if (isInside(root, resolve(here, value))) continue;
      const fromDist = resolve(compiled, value);
      const top = relative(root, fromDist).split(/[\\/]/)[0]!;
      const builtHere = isInside(root, fromDist) && (BUILD_OUTPUTS.has(top) || existsSync(fromDist));
      if (!builtHere) at(line, value, 'path climbs above the repository');
    }
  }

  const parent = `${dirname(root)}/`;
  for (const { line } of matches(text, new RegExp(escapeRegExp(parent), 'g'), 0)) {
    at(line, parent, 'absolute path into the folder holding the checkout');
  }
  return found;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
