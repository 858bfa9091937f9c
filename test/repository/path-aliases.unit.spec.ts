import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '../..');

interface JestConfigModule {
  default: { moduleNameMapper: Record<string, string | string[]> };
}

const tsconfigPaths = (): Record<string, string[]> => {
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return (config as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
};

// tsconfig.json's `paths` is the one list of @ketnoi/* aliases: `nest build` hands it to swc and
// jest.config.js derives its mapper from it. Three hand-kept copies drifted before (an alias
// added to one and not the others built, but failed under Jest, or the reverse).
describe('path aliases', () => {
  it('given tsconfig.json, then every alias points at a file that exists', () => {
    const missing = Object.entries(tsconfigPaths()).flatMap(([alias, targets]) =>
      targets.filter((target) => !existsSync(join(ROOT, target))).map((target) => `${alias} -> ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('given .swcrc, then it keeps no aliases of its own (the build takes tsconfig.json’s)', () => {
    const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8')) as { jsc: Record<string, unknown> };
    expect(swcrc.jsc).not.toHaveProperty('paths');
    expect(swcrc.jsc).toHaveProperty('baseUrl', './');
  });

  it('given the Jest config, then it maps exactly the aliases of tsconfig.json to the same files', async () => {
    const jestConfig = (await import(join(ROOT, 'jest.config.js'))) as JestConfigModule;
    const mapper = jestConfig.default.moduleNameMapper;
    const fromJest = Object.fromEntries(
      Object.entries(mapper)
        .filter(([pattern]) => pattern.startsWith('^@ketnoi/'))
        .map(([pattern, targets]) => [
          pattern.slice(1, -1).replaceAll('\\', ''),
          [targets].flat().map((target) => target.replace('<rootDir>/', './')),
        ]),
    );
    expect(fromJest).toEqual(tsconfigPaths());
  });
});
