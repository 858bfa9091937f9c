// Jest runs in native ESM mode because NestJS 12 ships as ES modules only.
// SWC strips types and emits decorator metadata, as the build does.
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

const moduleNameMapper = {
  '^@ketnoi/domain/testing$': '<rootDir>/libs/domain/src/testing/index.ts',
  '^@ketnoi/event-store/testing$': '<rootDir>/libs/event-store/src/testing/index.ts',
  '^@ketnoi/event-store/kurrentdb$': '<rootDir>/libs/event-store/src/kurrentdb/index.ts',
  '^@ketnoi/federation/keys$': '<rootDir>/libs/federation/src/keys/index.ts',
  '^@ketnoi/federation/partner-flow$': '<rootDir>/libs/federation/src/process-manager/index.ts',
  '^@ketnoi/federation/trust$': '<rootDir>/libs/federation/src/trust/index.ts',
  '^@ketnoi/platform/storage$': '<rootDir>/libs/platform/src/storage/open-storage.ts',
  '^@ketnoi/platform/grpc$': '<rootDir>/libs/platform/src/grpc/index.ts',
  '^@ketnoi/platform/checkout$': '<rootDir>/libs/platform/src/checkout.ts',
  '^@ketnoi/node/start$': '<rootDir>/libs/node/src/start/index.ts',
  '^@ketnoi/testing$': '<rootDir>/test/support/index.ts',
  '^@ketnoi/(.*)$': '<rootDir>/libs/$1/src/index.ts',
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
