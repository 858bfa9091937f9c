#!/usr/bin/env node
// The `ketnoi` command: runs the compiled CLI from dist/ (built by `npm run build`).
/* global process, URL */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/apps/audit/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('ketnoi: the CLI is not built yet; run `npm run build` in the project first.\n');
  process.exit(1);
}
await import(entry.href);
