import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ketnoi/event-store';
import type { Actor } from '@ketnoi/platform';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import {
  exportTo as exportFile,
  IATI_DATA,
  PUBLISHER,
  seedCompletedGrant,
  seedNegotiations,
  seedTerminated,
  TestStores,
  xmllint,
} from '../testing/index.js';
import { NothingToExportError, type IatiExportOptions } from './export-iati.js';

let dir: string;
const stores = new TestStores();
const exportTo = (store: EventStore, name: string, options: Partial<IatiExportOptions> = {}) =>
  exportFile(store, join(dir, name), options);

/** Every element of a document with its attributes, in document order. */
async function elementsOf(file: string): Promise<SaxesTagPlain[]> {
  const parser = new SaxesParser();
  const tags: SaxesTagPlain[] = [];
  parser.on('opentag', (tag) => tags.push(tag as SaxesTagPlain));
  parser.write(await readFile(file, 'utf8')).close();
  return tags;
}

async function codeList(name: string): Promise<Set<string>> {
  const xml = await readFile(join(IATI_DATA, 'codelists', `${name}.xml`), 'utf8');
  return new Set([...xml.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ketnoi-iati-export-'));
});
afterAll(async () => {
  await stores.closeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('IATI export', () => {
  let store: EventStore;
  let file: string;
  let ids: { negotiations: string[]; completed: string; terminated: string };

  beforeAll(async () => {
    store = await stores.fresh();
    ids = {
      negotiations: await seedNegotiations(store),
      completed: await seedCompletedGrant(store),
      terminated: await seedTerminated(store),
    };
    file = await exportTo(store, 'portfolio.xml');
  });

  it('given a portfolio in every stage, when exported, then the official 2.03 schema validates it', async () => {
    expect(await xmllint(file)).toBe('valid');
  });

  it('given the export, when its codes are looked up, then every one is in its official code list', async () => {
    const lists = Object.fromEntries(
      await Promise.all(
        [
          'ActivityStatus',
          'ActivityDateType',
          'OrganisationRole',
          'OrganisationType',
          'Country',
          'Sector',
          'TransactionType',
          'Currency',
          'BudgetType',
          'BudgetStatus',
        ].map(async (name) => [name, await codeList(name)] as const),
      ),
    );
    const checks: Array<[string, string, string]> = [
      ['activity-status', 'code', 'ActivityStatus'],
      ['activity-date', 'type', 'ActivityDateType'],
      ['participating-org', 'role', 'OrganisationRole'],
      ['participating-org', 'type', 'OrganisationType'],
      ['reporting-org', 'type', 'OrganisationType'],
      ['provider-org', 'type', 'OrganisationType'],
      ['recipient-country', 'code', 'Country'],
      ['sector', 'code', 'Sector'],
      ['transaction-type', 'code', 'TransactionType'],
      ['value', 'currency', 'Currency'],
      ['budget', 'type', 'BudgetType'],
      ['budget', 'status', 'BudgetStatus'],
    ];
    const seen = new Set<string>();
    for (const tag of await elementsOf(file)) {
      for (const [element, attribute, list] of checks) {
        if (tag.name !== element || tag.attributes[attribute] === undefined) continue;
        seen.add(`${element}@${attribute}`);
        expect({
          element,
          attribute,
          code: tag.attributes[attribute],
          known: lists[list]!.has(tag.attributes[attribute]!),
        }).toMatchObject({ known: true });
      }
    }
    // Every coded attribute occurs at least once, so no check above passed for want of data.
    expect([...seen].sort()).toEqual(checks.map(([e, a]) => `${e}@${a}`).sort());
  });

  it('given agreements in each stage, when exported, then status, dates, roles and exact money follow the lifecycle', async () => {
    const xml = await readFile(file, 'utf8');
    const activity = (id: string) =>
      xml.split('\n').find((line) => line.includes(`<iati-identifier>${PUBLISHER}-${id}</iati-identifier>`))!;
    const completed = activity(ids.completed);
    expect(completed).toContain('<activity-status code="4"/>');
    expect(completed).toMatch(/<activity-date type="2" iso-date="\d{4}-\d{2}-\d{2}"\/>/);
    expect(completed).toMatch(/<activity-date type="4" iso-date="\d{4}-\d{2}-\d{2}"\/>/);
    expect(completed).toContain('<transaction-type code="3"/>');
    expect(completed).toMatch(/<value currency="USD" value-date="[\d-]+">150000.25<\/value>/);
    expect(completed).toContain('<participating-org role="1" type="10" ketnoi:node="org-koica"');
    expect(completed).toContain('<participating-org role="2" type="11" ketnoi:node="vn-hue"');
    expect(activity(ids.terminated)).toContain('<activity-status code="5"/>');
    const grant = activity(ids.negotiations[0]!);
    expect(grant).toContain('<activity-status code="1"/>');
    expect(grant).toContain(
      '<narrative xml:lang="vi">Thành phố văn hoá và du lịch thông minh Huế</narrative>',
    );
    expect(grant).toContain(
      '<narrative xml:lang="fr">Huế, ville intelligente de la culture et du tourisme</narrative>',
    );
    expect(grant).toContain(
      '<sector vocabulary="1" code="15112" percentage="34"/><sector vocabulary="1" code="43030" percentage="33"/><sector vocabulary="1" code="33210" percentage="33"/>',
    );
    expect(grant).toContain('<value currency="VND" value-date="2022-02-01">1011800000000</value>');
    expect(grant).toContain(
      '<budget type="1" status="2"><period-start iso-date="2021-01-01"/><period-end iso-date="2025-12-31"/><value currency="USD" value-date="2021-01-01">15500000.50</value></budget>',
    );
    expect(grant).toContain('&lt;pilot&gt;.&#10;Second line &quot;quoted&quot;.');
  });

  it('given a partner, when it exports, then only the agreements its node is party to are written', async () => {
    const partner: Actor = { subject: 'mayor@fr-nevers', role: 'partner', node: 'fr-nevers' };
    const xml = await readFile(await exportTo(store, 'nevers.xml', { actor: partner }), 'utf8');
    expect(xml.match(/<iati-activity /g)).toHaveLength(1);
    expect(xml).toContain(`${PUBLISHER}-${ids.negotiations[2]}`);
  });

  it("given --node, when exported, then only that node's agreements are written", async () => {
    const xml = await readFile(await exportTo(store, 'adb.xml', { node: 'org-adb' }), 'utf8');
    expect(xml.match(/<iati-activity /g)).toHaveLength(2);
  });

  it('given an instant before anything was recorded, when exported as of it, then it is refused, not an invalid file', async () => {
    await expect(
      exportTo(store, 'empty.xml', { asOf: new Date('2000-01-01T00:00:00Z') }),
    ).rejects.toBeInstanceOf(NothingToExportError);
  });

  it('given an instant, when exported as of it, then agreements are as they stood then', async () => {
    const head = await store.headPosition();
    const events = await store.readAll({ after: 0n, maxCount: Number(head) });
    // Just after the completed grant was proposed: it is still in the pipeline.
    const proposed = events.find(
      (e) => e.streamId.endsWith(ids.completed) && e.type === 'AgreementProposed',
    )!;
    const xml = await readFile(
      await exportTo(store, 'asof.xml', { asOf: new Date(proposed.metadata.occurredAt) }),
      'utf8',
    );
    const line = xml.split('\n').find((l) => l.includes(ids.completed))!;
    expect(line).toContain('<activity-status code="1"/>');
    expect(line).not.toContain('<transaction-type code="3"/>');
    expect(xml).not.toContain(ids.terminated);
  });
});
