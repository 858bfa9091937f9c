import { afterAll, describe, expect, it } from '@jest/globals';
import { importFile, standardTestFiles, TestStores } from '../testing/index.js';
import { IatiFileError } from './iati-file-error.js';

const stores = new TestStores();

/** Runs `check` on every file, a few at a time: most of the time is xmllint loading the schema. */
async function eachFile(files: readonly string[], check: (file: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) await check(files[next++]!);
  };
  await Promise.all([worker(), worker(), worker()]);
}
afterAll(() => stores.closeAll());

/** The IATI standard's own schema test files, every one of them, through the real import. */
describe("IATI import of the standard's test files", () => {
  it('given every should-pass file of the standard, when imported, then each imports without error and reports every activity', async () => {
    const files = await standardTestFiles('should-pass');
    expect(files.length).toBeGreaterThan(200);
    const store = await stores.fresh();
    await eachFile(files, async (file) => {
      const { summary, reports } = await importFile(store, file);
      expect({ file, activities: summary.activities }).toEqual({ file, activities: reports.length });
      expect(summary.activities).toBeGreaterThan(0);
      for (const report of reports) if (report.outcome === 'skipped') expect(report.reason).toMatch(/\S/);
    });
  }, 120_000);

  it('given every should-fail file of the standard, when imported, then each is refused naming the element and nothing is recorded', async () => {
    const files = await standardTestFiles('should-fail');
    expect(files.length).toBeGreaterThan(300);
    const store = await stores.fresh();
    await eachFile(files, async (file) => {
      const error = await importFile(store, file).then(
        () => new Error(`accepted ${file}`),
        (e: unknown) => e,
      );
      expect({ file, refused: error instanceof IatiFileError }).toEqual({ file, refused: true });
      // xmllint names the element (schema errors) or the line and construct (not well-formed XML).
      expect({ file, message: (error as Error).message }).toEqual({
        file,
        message: expect.stringMatching(/Element '|line \d+/),
      });
    });
    expect(await store.headPosition()).toBe(0n);
  }, 120_000);
});
