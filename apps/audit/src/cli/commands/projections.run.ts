import type { OpenStorage } from '@ketnoi/platform/storage';
import { PROJECTIONS, rebuildProjection, type RebuildResult } from '@ketnoi/projections';
import { CliError } from '../cli-command.js';
import { messageOf } from '../cli-config.js';
import { hubJson, type HubTarget } from '../hub-client.js';
import { onNode } from '../local-node.js';
import type { RebuildOptions } from './projections.command.js';

type RowDifference = NonNullable<RebuildResult['difference']>;

export async function rebuild(name: string | undefined, options: RebuildOptions): Promise<void> {
  const names = name === undefined ? PROJECTIONS.map((p) => p.name) : [name];
  const unknown = names.find((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown) throw new CliError(`no projection ${unknown}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  const verify = options.verify === true;
  const results = await onNode('projections rebuild', 'admin', options, {
    local: (storage) => onStorage(storage, names, verify),
    remote: (hub) => overHttp(hub, names, verify),
  });
  for (const result of results)
    if (result.difference) throw new CliError(`${result.projection}: ${describeDifference(result.difference)}`);
}

/**
 * The first difference as the fields that differ, each with both values: a whole row says
 * nothing a reader can see at a glance. A row on one side only is named as such.
 */
export function describeDifference(d: RowDifference): string {
  const where = `rows differ at ${d.table} ${d.key}`;
  if (!isRow(d.live)) return `${where}: only in the rebuilt rows: ${JSON.stringify(d.rebuilt)}`;
  if (!isRow(d.rebuilt)) return `${where}: only in the live rows: ${JSON.stringify(d.live)}`;
  const live = d.live;
  const rebuilt = d.rebuilt;
  const fields = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].filter(
    (f) => JSON.stringify(live[f]) !== JSON.stringify(rebuilt[f]),
  );
  return `${where} in ${fields.join(', ')}:\n${fields.map((f) => `  ${f}: live ${JSON.stringify(live[f])}, rebuilt ${JSON.stringify(rebuilt[f])}`).join('\n')}`;
}

const isRow = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const report = (r: RebuildResult) =>
  console.log(
    `${r.projection}: ${r.events} events to position ${r.position}, ${
      r.swapped ? 'rebuilt and swapped in' : r.difference ? 'DIFFERS' : 'identical to the live rows'
    }`,
  );

async function onStorage(storage: OpenStorage, names: string[], verify: boolean): Promise<RebuildResult[]> {
  const results: RebuildResult[] = [];
  for (const name of names) {
    const projection = PROJECTIONS.find((p) => p.name === name)!;
    // A verdict, never a stack: an inconsistent log or an unreadable page ends the run with its reason.
    const result = await rebuildProjection(storage.sql, storage.store, projection, { verify }).catch((error: unknown) => {
      throw new CliError(`projections rebuild ${name}: ${messageOf(error).split('\n', 1)[0]}`);
    });
    report(result);
    results.push(result);
  }
  return results;
}

async function overHttp(hub: HubTarget, names: string[], verify: boolean): Promise<RebuildResult[]> {
  const results: RebuildResult[] = [];
  for (const name of names) {
    const path = `/v1/admin/projections/${encodeURIComponent(name)}/rebuild?verify=${verify}`;
    const result = await hubJson<RebuildResult>(`projections rebuild ${name}`, hub, path, { method: 'POST' });
    report(result);
    results.push(result);
  }
  return results;
}
