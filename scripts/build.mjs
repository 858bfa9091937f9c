/* global process, performance, URL */
// `npm run build` (and the first step of `npm start`, `npm test`, `npm run bench`): the hub
// (nest, swc), the web UI (vite) and the PGlite template, only when an input changed since the
// last finished build (`--force` builds anyway). One build at a time per checkout; a running node
// keeps every file it reads (scripts/move-build-into-place.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputsDigest } from './build-inputs.mjs';
import { acquireBuildLock } from './build-lock.mjs';
import { moveBuildIntoPlace } from './move-build-into-place.mjs';

const STAMP = 'dist/.build-stamp';
const STAGING = 'dist/.staging';
/** What a node needs from the build; a stamp without them (a dist/ cleaned by hand) is stale. */
const OUTPUTS = ['dist/apps/hub/src/main.js', 'dist/apps/audit/src/cli/main.js', 'dist/web/index.html'];
/** Made by scripts/make-pglite-template.mjs; npm ci empties node_modules/.cache. */
const TEMPLATE = 'node_modules/.cache/ketnoi/pglite-template';

/** Whether dist/ was built from exactly the inputs in `root` now. */
export function isFresh(root, digest = inputsDigest(root)) {
  return (
    existsSync(join(root, STAMP)) &&
    readFileSync(join(root, STAMP), 'utf8') === digest &&
    OUTPUTS.every((path) => existsSync(join(root, path)))
  );
}

/**
 * Builds `root` when stale. Resolves with whether it compiled. Without a change this costs the
 * digest (tens of ms) and takes no lock, so concurrent starts of a built checkout never wait.
 */
export async function buildIfStale({
  root = process.cwd(),
  force = false,
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  if (!force && isFresh(root) && existsSync(join(root, TEMPLATE))) return { compiled: false };
  const release = await acquireBuildLock(join(root, 'dist/.build.lock'), log);
  const releaseOnSignal = () => {
    release();
    process.exit(130);
  };
  process.once('SIGINT', releaseOnSignal).once('SIGTERM', releaseOnSignal);
  try {
    // Again under the lock: the build we waited for may have built these very inputs.
    const digest = inputsDigest(root);
    const compiled = force || !isFresh(root, digest);
    if (compiled) await compile(root, digest, log);
    await run(root, [join(root, 'scripts/make-pglite-template.mjs')]);
    return { compiled };
  } finally {
    process.off('SIGINT', releaseOnSignal).off('SIGTERM', releaseOnSignal);
    release();
  }
}

async function compile(root, digest, log) {
  const started = performance.now();
  const staging = join(root, STAGING);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // nest takes --config relative to the working dir.
  const nestConfig = `${STAGING}/nest-cli.json`;
  writeFileSync(join(root, nestConfig), JSON.stringify(stagingNestConfig(root)));
  // Independent: the UI is its own bundle.
  await Promise.all([
    run(root, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'hub', '--config', nestConfig]),
    run(root, [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.ts',
      '--logLevel',
      'warn',
      '--outDir',
      join(staging, 'web'),
    ]),
  ]);
  rmSync(join(root, nestConfig));
  // A stamp only after the move: a move cut short leaves dist/ stale, so the next start rebuilds.
  rmSync(join(root, STAMP), { force: true });
  moveBuildIntoPlace(staging, join(root, 'dist'));
  writeFileSync(join(root, `${STAMP}.tmp`), digest);
  renameSync(join(root, `${STAMP}.tmp`), join(root, STAMP));
  log(`build: compiled in ${Math.round(performance.now() - started)} ms`);
}

/** nest-cli.json writing to the staging dir, without emptying dist/ first. */
function stagingNestConfig(root) {
  const config = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  config.compilerOptions.deleteOutDir = false;
  config.compilerOptions.builder.options.outDir = STAGING;
  return config;
}

function run(root, args) {
  return new Promise((done, fail) => {
    // The tools' chatter to stderr: stdout is the hub's log once it runs.
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 2, 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      code === 0
        ? done()
        : fail(
            new Error(
              `${args
                .slice(0, 2)
                .map((arg) => arg.replace(`${root}/`, ''))
                .join(' ')} failed (${signal ?? `exit ${code}`})`,
            ),
          ),
    );
  });
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await buildIfStale({ root, force: process.argv.includes('--force') }).catch(exitWithBuildFailure);
}

/** The tool already printed what failed to compile; one line says which step. */
export function exitWithBuildFailure(error) {
  process.stderr.write(`build: ${error.message}\n`);
  process.exit(1);
}
