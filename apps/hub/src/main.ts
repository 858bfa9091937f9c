import { runHub } from './run-hub.js';

await runHub(process.env);
