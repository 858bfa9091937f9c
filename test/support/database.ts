import { randomBytes } from 'node:crypto';

/** The PostgreSQL server the tests use; scripts/provision-test-services.sh starts it. */
export const testDatabaseUrl = (): string =>
  process.env.KETNOI_TEST_DATABASE_URL ?? 'postgres://ketnoi:ketnoi@127.0.0.1:5432/ketnoi_test';

/** A fresh schema name per test file, so suites on the shared server never see each other's rows. */
export const uniqueSchemaName = (prefix = 't'): string => `${prefix}_${randomBytes(6).toString('hex')}`;
