import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import {
  createPgSqlClient,
  openPostgresEventStore,
  type EventStore,
  type SqlClient,
} from '@ketnoi/event-store';
import type { Actor } from '@ketnoi/platform';
import { testDatabaseUrl, uniqueSchemaName } from '@ketnoi/testing';
import { exportIati, type IatiExportOptions } from '../export/export-iati.js';
import { importIati, type ActivityReport } from '../import/import-iati.js';
import type { ImportingNode } from '../import/map-activity.js';

/** The standard's code lists, test files and annotated example, vendored (sources in its README.md). */
export const IATI_DATA = join(import.meta.dirname, '../../test-data');
/** The official 2.03 schema, vendored where the import reads it (sources in test-data/README.md). */
export const SCHEMA_DIR = join(import.meta.dirname, '../../schema');
export const OFFICIAL_SCHEMA = join(SCHEMA_DIR, 'iati-activities-schema.xsd');
export const PUBLISHER = 'VN-HUE-DOFA';
export const hueOfficer: Actor = { subject: 'officer@vn-hue', role: 'officer', node: 'vn-hue' };
export const hueNode: ImportingNode = {
  nodeId: 'vn-hue',
  name: "Thừa Thiên Huế Provincial People's Committee",
  role: 'PROVINCE',
  defaultCountry: 'VN',
};

/** Fresh nodes' stores on the PostgreSQL server, one schema each (fast to create, dropped at the end). */
export class TestStores {
  private readonly opened: Array<{ store: EventStore; sql: SqlClient; schema: string }> = [];

  async fresh(): Promise<EventStore> {
    return (await this.freshStorage()).store;
  }

  async freshStorage(): Promise<{ store: EventStore; sql: SqlClient }> {
    const schema = uniqueSchemaName('iati');
    const sql = await createPgSqlClient({ connectionString: testDatabaseUrl(), schema, max: 2 });
    const store = await openPostgresEventStore({ sql, nodeId: 'vn-hue' });
    this.opened.push({ store, sql, schema });
    return { store, sql };
  }

  async closeAll(): Promise<void> {
    const admin = await createPgSqlClient({ connectionString: testDatabaseUrl(), max: 1 });
    for (const { store, sql, schema } of this.opened.splice(0)) {
      await store.close();
      await sql.close();
      await admin.exec(`drop schema if exists ${schema} cascade`);
    }
    await admin.close();
  }
}

export async function exportTo(
  store: EventStore,
  file: string,
  options: Partial<IatiExportOptions> = {},
): Promise<string> {
  await pipeline(
    Readable.from(exportIati(store, { actor: hueOfficer, publisherRef: PUBLISHER, ...options })),
    createWriteStream(file),
  );
  return file;
}

export async function importFile(store: EventStore, file: string) {
  const reports: ActivityReport[] = [];
  const summary = await importIati(store, file, {
    actor: hueOfficer,
    node: hueNode,
    onActivity: (report) => void reports.push(report),
  });
  return { summary, reports };
}

/** 'valid', or xmllint's complaints. */
export async function xmllint(file: string, schema = OFFICIAL_SCHEMA): Promise<string> {
  try {
    await promisify(execFile)('xmllint', ['--noout', '--stream', '--schema', schema, file]);
    return 'valid';
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
}

/** The standard's own activity test files of one kind, sorted. */
export async function standardTestFiles(kind: 'should-pass' | 'should-fail'): Promise<string[]> {
  const roots = [
    join(IATI_DATA, 'tests', kind, 'iati-activities'),
    join(IATI_DATA, 'tests/activity-tests', kind),
  ];
  const files: string[] = [];
  for (const root of roots) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.xml')) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

/** The files a spec writes, in one temporary directory made on first use and gone after `remove()`. */
export class ScratchFiles {
  private dir: Promise<string> | undefined;
  constructor(private readonly prefix: string) {}

  /** Writes `content` to a new file of the directory; its path. */
  async write(content: string, name = `${randomUUID()}.xml`): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), `ketnoi-${this.prefix}-`));
    const file = join(await this.dir, name);
    await writeFile(file, content);
    return file;
  }

  async remove(): Promise<void> {
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }
}
