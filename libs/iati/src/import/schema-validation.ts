import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IatiFileError, type IatiFileProblem } from './iati-file-error.js';
import { scanXml } from './xml-scan.js';
import { problemsFromXmllint } from './xmllint-messages.js';

/**
 * The official IATI 2.03 activity schema, vendored in libs/iati/schema. Found by walking up
 * from this module, so the same code runs from the sources (tests) and from dist/ (the build).
 */
export function defaultSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'libs', 'iati', 'schema', 'iati-activities-schema.xsd');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('IATI schema not found: expected libs/iati/schema/iati-activities-schema.xsd');
    dir = parent;
  }
}

const MAX_PROBLEMS = 20;

/**
 * Validates a file against the XSD with xmllint (libxml2) in streaming mode, so a 50 MB file
 * is checked at constant memory. Structure and element order are the schema's; codes are not
 * (the schema types them as strings), which the import reports per activity instead.
 * `--nonet` and no `--noent`, `--loaddtd`, `--dtdattr`, `--xinclude`: libxml2 fetches nothing and
 * substitutes nothing; and `scanXml` has refused any DTD before (in streaming mode libxml2
 * substitutes entities even without `--noent`). Refusals name the activity around each line.
 */
export async function validateAgainstSchema(file: string, schemaPath = defaultSchemaPath()): Promise<void> {
  const { code, stderr } = await run('xmllint', [
    '--noout',
    '--stream',
    '--nonet',
    '--schema',
    schemaPath,
    file,
  ]);
  if (code === 0) return;
  const problems = problemsFromXmllint(stderr, file).slice(0, MAX_PROBLEMS);
  throw new IatiFileError(
    'INVALID_IATI_FILE',
    problems.length === 0
      ? [
          {
            field: 'body',
            message: `the schema validator refused the file without saying where (exit code ${code})`,
          },
        ]
      : await withActivities(file, problems),
  );
}

/** Names the activity around each problem's line: one more reading of the file, on refusal only. */
async function withActivities(file: string, problems: IatiFileProblem[]): Promise<IatiFileProblem[]> {
  const named = [...problems];
  let unnamed = named.length;
  await scanXml(file, (activity) => {
    named.forEach((problem, i) => {
      const line = problem.line;
      if (line === undefined || problem.activity || line < activity.line || line > activity.endLine) return;
      named[i] = { ...problem, activity: { identifier: activity.identifier, line: activity.line } };
      unnamed--;
    });
    return unnamed === 0;
  });
  return named;
}

function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    // Keep only the head: a huge invalid file can produce megabytes of messages.
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'xmllint is not installed (Debian: apt-get install libxml2-utils; see scripts/provision.d/20-xmllint.sh)',
            )
          : error,
      ),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}
