// The projections service of a node as a process of its own: `node dist/apps/projections/src/main.js`,
// configured by the environment like the hub (see the README's configuration table).
import { runNode } from '@ketnoi/node/start';

await runNode(process.env, ['projections']);
