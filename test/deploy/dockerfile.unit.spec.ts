import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { agreementsProtoPath } from '@ketnoi/agreements';
import { defaultSchemaPath } from '@ketnoi/iati';
import { WEB_UI_DIR } from '@ketnoi/node';
import { PGLITE_TEMPLATE } from '@ketnoi/node/start';
import { checkoutRoot } from '@ketnoi/platform/checkout';
import { queryProtoPath } from '@ketnoi/projections';

const ROOT = join(import.meta.dirname, '../..');
const WORKDIR = '/app';

interface Stage {
  readonly from: string;
  readonly lines: string[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
function stagesOf(text: string): Stage[] {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of instructions)
    if (/^FROM\s/i.test(line)) stages.push({ from: line, lines: [] });
    else stages.at(-1)!.lines.push(line);
  return stages;
}

/** `COPY --from=build /app/x ./x`: what the runtime stage takes from the build, as paths under /app. */
function copiedPaths(stage: Stage): Array<{ source: string; target: string }> {
  return stage.lines
    .filter((line) => /^COPY\s+--from=/i.test(line))
    .map((line) => {
      const [source, target] = line.split(/\s+/).slice(2);
      const under = (path: string) => relative(WORKDIR, resolve(WORKDIR, path));
      return { source: under(source!), target: under(target!) };
    });
}

/**
 * What a node reads from its checkout at run time, each from the code's own constant or function
 * (relative to the checkout): a new path in the code shows up here without editing this list.
 */
const runtimeAssets = (): Record<string, string> => {
  const inCheckout = (path: string) => relative(ROOT, path).replace(/\/$/, '');
  return {
    'the package.json that marks the checkout root (checkoutRoot)': inCheckout(join(checkoutRoot(import.meta.url), 'package.json')),
    'the compiled hub': 'dist/apps/hub/src/main.js',
    'the compiled standalone services': 'dist/apps/agreements/src/main.js',
    'the compiled CLI (bin/ketnoi.js)': 'dist/apps/audit/src/cli/main.js',
    'the CLI launcher': 'bin/ketnoi.js',
    'the web UI (WEB_UI_DIR)': inCheckout(WEB_UI_DIR),
    'the PGlite template (PGLITE_TEMPLATE)': inCheckout(PGLITE_TEMPLATE),
    'the IATI schema (defaultSchemaPath)': inCheckout(dirname(defaultSchemaPath())),
    'the agreements .proto (agreementsProtoPath)': inCheckout(agreementsProtoPath()),
    'the query .proto (queryProtoPath)': inCheckout(queryProtoPath()),
    'the production dependencies': 'node_modules/@nestjs/core',
  };
};

describe('deploy/Dockerfile', () => {
  const stages = stagesOf(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8'));
  const [build, runtime] = [stages[0]!, stages.at(-1)!];

  it('given the build stage, then it runs the whole build (every app, the web UI, the PGlite template), not one nest project', () => {
    const runs = build.lines.filter((line) => /^RUN\s/i.test(line)).join('\n');
    expect(runs).toMatch(/\bnpm run build\b/);
    expect(runs).not.toMatch(/nest build/);
  });

  it('given every file a node reads at run time, then the runtime stage copies it from the build to the same path under /app', () => {
    expect(runtime.lines).toContain(`WORKDIR ${WORKDIR}`);
    const copies = copiedPaths(runtime);
    for (const { source, target } of copies) expect(target).toBe(source);
    const covered = (path: string) => copies.some(({ target }) => path === target || path.startsWith(`${target}/`));
    const missing = Object.entries(runtimeAssets()).filter(([, path]) => !covered(path));
    expect(missing).toEqual([]);
  });

  it('given IATI imports validated by xmllint, then the runtime stage installs libxml2-utils', () => {
    const runs = runtime.lines.filter((line) => /^RUN\s/i.test(line));
    expect(runs.some((line) => /apt-get install\b.*\blibxml2-utils\b/.test(line))).toBe(true);
  });

  it('given the data dir volume, then it is created and owned by the user the node runs as', () => {
    const dataDir = /KETNOI_DATA_DIR=(\S+)/.exec(runtime.lines.find((line) => /^ENV\s/i.test(line)) ?? '')?.[1];
    const user = runtime.lines.find((line) => /^USER\s/i.test(line))?.split(/\s+/)[1];
    expect(dataDir).toBeDefined();
    expect(runtime.lines).toContain(`VOLUME ${dataDir}`);
    expect(runtime.lines.some((line) => line.startsWith('RUN') && line.includes(`chown ${user}:${user} ${dataDir}`))).toBe(true);
  });

  it('given the build context, then .dockerignore keeps every source the runtime copies', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const matches = (pattern: string, path: string) => {
      const segment = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      const parts = path.split('/');
      if (pattern.startsWith('**/')) return parts.some((part) => segment(pattern.slice(3)).test(part));
      const head = pattern.split('/');
      return head.every((glob, i) => parts[i] !== undefined && segment(glob).test(parts[i]!));
    };
    // Built in the image (dist, node_modules) or from the context: the latter must reach the build.
    const fromContext = Object.values(runtimeAssets()).filter((path) => !/^(dist|node_modules)(\/|$)/.test(path));
    expect(fromContext.filter((path) => ignored.some((pattern) => matches(pattern, path)))).toEqual([]);
  });
});
