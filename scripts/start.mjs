/* global URL */
// `npm start`: build what changed (nothing, on a built checkout: scripts/build.mjs), then run the
// hub in this very process, so a start of a built checkout costs the hub's own start plus npm's
// and the freshness check, not a second Node process.
import { fileURLToPath } from 'node:url';
import { buildIfStale, exitWithBuildFailure } from './build.mjs';

await buildIfStale({ root: fileURLToPath(new URL('..', import.meta.url)) }).catch(exitWithBuildFailure);
await import('../dist/apps/hub/src/main.js');
