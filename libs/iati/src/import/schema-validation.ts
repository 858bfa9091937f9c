import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** A file the schema refuses; `problems` are xmllint's lines, each naming the element. */
export class IatiSchemaError extends Error {
  readonly code = 'INVALID_IATI_FILE';
  constructor(readonly problems: readonly string[]) {
    super(`the file is not valid IATI 2.03: ${problems.join('; ')}`);
    this.name = 'IatiSchemaError';
  }
}

const MAX_PROBLEMS = 20;

/**
 * Validates a file against the XSD with xmllint (libxml2) in streaming mode, so a 50 MB file
 * is checked at constant memory. Structure and element order are the schema's; codes are not
 * (the schema types them as strings), which the import reports per activity instead.
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
  const problems = stderr
    .split('\n')
    .filter(
      (line) => line.trim() !== '' && !line.endsWith('fails to validate') && !line.endsWith('validates'),
    )
    // The temporary file's path means nothing to the sender; its line number does.
    .map((line) => line.replace(`${file}:`, 'line ').replace(file, 'the file'));
  throw new IatiSchemaError(
    problems.length === 0 ? [`xmllint exited with code ${code}`] : problems.slice(0, MAX_PROBLEMS),
  );
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
