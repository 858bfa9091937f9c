// Jest runs in native ESM mode because NestJS 12 ships as ES modules only.
// SWC strips types and emits decorator metadata, as the build does.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
    },
    module: { type: 'es6' },
  },
];

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The @ketnoi/* aliases, from tsconfig.json's `paths`: the one list tsc, the build (nest passes
 * them to swc, so .swcrc has none) and Jest share. Read with TypeScript's own parser, as tsc reads it.
 */
export function aliasesFromTsconfig(tsconfigPath = join(root, 'tsconfig.json')) {
  const { config, error } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { baseUrl = '.', paths = {} } = config.compilerOptions ?? {};
  const base = join(dirname(tsconfigPath), baseUrl);
  const escape = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return Object.fromEntries(
    Object.entries(paths).map(([alias, targets]) => [
      `^${escape(alias).replace('*', '(.*)')}$`,
      targets.map((target) => `<rootDir>/${relative(root, join(base, target)).replace('*', '$1')}`),
    ]),
  );
}

const moduleNameMapper = {
  ...aliasesFromTsconfig(),
  // Sources import './x.js' (nodenext); Jest loads the .ts beside it.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testTimeout: 120000,
  maxWorkers: 2,
};
