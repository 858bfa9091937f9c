import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * An IATI document in canonical form for comparison: W3C Canonical XML (xmllint --c14n) without
 * the root's generated-datetime, the one attribute that says when, not what.
 */
export async function canonicalIati(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)('xmllint', ['--c14n', file], { maxBuffer: 1 << 30 });
  return stdout.replace(/ generated-datetime="[^"]*"/, '');
}
