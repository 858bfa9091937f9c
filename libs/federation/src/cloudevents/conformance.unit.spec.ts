import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { decodeCloudEvent } from './decode-cloud-event.js';
import { cloudEventsV1Schema } from './schema.js';
import { validateCloudEvent } from './validate.js';

// The CloudEvents conformance suite's Kafka scenarios and the v1.0.2 schema, read from the shared
// reference data, copied verbatim (Apache-2.0, LICENSE beside them) into conformance-data/ so a
// fresh clone tests against them. KETNOI_CLOUDEVENTS_DATA points elsewhere if needed.
const DATA_DIR =
  process.env['KETNOI_CLOUDEVENTS_DATA'] ?? join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'conformance-data');
const FEATURE = join(DATA_DIR, 'kafka-protocol-binding.feature');
const SCHEMA = join(DATA_DIR, 'cloudevents-v1.0.2.schema.json');

interface Scenario {
  name: string;
  payload: string;
  headers: Record<string, string>;
  attributes: Record<string, string>;
  data: unknown;
}

/**
 * Just enough Gherkin for this feature file: scenarios and outlines with Examples, steps with
 * doc strings ("""...""") and tables (| key | value |).
 */
function readFeature(text: string): Scenario[] {
  type Step = { text: string; docString?: string; table?: string[][] };
  type Raw = { name: string; outline: boolean; steps: Step[]; examples?: string[][] };
  const raws: Raw[] = [];
  const lines = text.split('\n');
  let current: Raw | undefined;
  let inExamples = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const scenario = /^Scenario( Outline)?:\s*(.*)$/.exec(line);
    if (scenario) {
      current = { name: scenario[2] ?? '', outline: scenario[1] !== undefined, steps: [] };
      raws.push(current);
      inExamples = false;
    } else if (!current) {
      continue; // Feature, description, Background
    } else if (line === 'Examples:') {
      inExamples = true;
      current.examples = [];
    } else if (line.startsWith('"""')) {
      const body: string[] = [];
      for (i++; (lines[i] ?? '').trim() !== '"""'; i++) {
        if (i >= lines.length) throw new Error(`unterminated doc string in ${current.name}`);
        body.push(lines[i] ?? '');
      }
      const step = current.steps.at(-1);
      if (step) step.docString = body.join('\n');
    } else if (line.startsWith('|')) {
      const cells = line
        .slice(1, line.lastIndexOf('|'))
        .split('|')
        .map((c) => c.trim());
      if (inExamples) current.examples!.push(cells);
      else {
        const step = current.steps.at(-1);
        if (step) (step.table ??= []).push(cells);
      }
    } else if (/^(Given|When|Then|And|But)\b/.test(line)) {
      current.steps.push({ text: line });
      inExamples = false;
    }
  }

  const scenarios: Scenario[] = [];
  for (const raw of raws) {
    const [header, ...rows] = raw.outline ? (raw.examples ?? []) : [[]];
    for (const row of raw.outline ? rows : [[]]) {
      const fill = (s: string) =>
        (header ?? []).reduce((acc, name, k) => acc.split(`<${name}>`).join(row[k] ?? ''), s);
      const table = (starts: string) => {
        const step = raw.steps.find((s) => s.text.includes(starts));
        const [, ...body] = step?.table ?? [];
        return Object.fromEntries(body.map(([k, v]) => [fill(k ?? ''), fill(v ?? '')]));
      };
      const doc = (starts: string) => fill(raw.steps.find((s) => s.text.includes(starts))?.docString ?? '');
      scenarios.push({
        name: fill(raw.name),
        payload: doc('a Kafka message with payload'),
        headers: table('Kafka headers'),
        attributes: table('the attributes are'),
        data: JSON.parse(doc('the data is equal to the following JSON')),
      });
    }
  }
  return scenarios;
}

function schemaValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as object;
  const ajv = new Ajv({ strict: false });
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
}

describe('CloudEvents conformance: Kafka protocol binding scenarios', () => {
  it('finds the reference data', () => {
    expect(existsSync(FEATURE)).toBe(true);
    expect(existsSync(SCHEMA)).toBe(true);
  });

  const scenarios = existsSync(FEATURE) ? readFeature(readFileSync(FEATURE, 'utf8')) : [];

  it('reads every scenario of the feature file, outlines expanded', () => {
    expect(scenarios.map((s) => s.name)).toEqual([
      'Binary content mode',
      'Structured content mode (application/cloudevents+json)',
      'Structured content mode (application/cloudevents+json; charset=utf-8)',
    ]);
  });

  // Structured mode is decoded, not refused: the JSON format is part of CloudEvents 1.0 and costs
  // one JSON.parse; our own relay still sends binary mode only.
  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: decodes to the expected attributes and data',
    (_name, scenario) => {
      const event = decodeCloudEvent({
        key: null,
        value: Buffer.from(scenario.payload, 'utf8'),
        headers: Object.fromEntries(
          Object.entries(scenario.headers).map(([k, v]) => [k, Buffer.from(v, 'utf8')]),
        ),
      });
      expect(event.attributes).toEqual(scenario.attributes);
      expect(event.data).toEqual(scenario.data);
      expect(event.mode).toBe(scenario.name.startsWith('Binary') ? 'binary' : 'structured');

      // And what came out is a valid CloudEvent by the official schema, in its JSON form.
      const validate = schemaValidator();
      expect(validate({ ...event.attributes, data: event.data })).toBe(true);
    },
  );

  it('embeds the schema file verbatim', () => {
    expect(cloudEventsV1Schema).toEqual(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  });
});

describe('CloudEvents rules beyond the JSON schema (data/README.md)', () => {
  const valid = { specversion: '1.0', id: '1', source: '/s', type: 't' };
  const cases: [string, string, Record<string, unknown>][] = [
    ['an unknown specversion', 'specversion', { ...valid, specversion: '0.9' }],
    ['a capitalised extension name', 'myExtension', { ...valid, myExtension: 'x' }],
    ['a dotted extension name', 'my.extension', { ...valid, 'my.extension': 'x' }],
    ['both data and data_base64', 'data_base64', { ...valid, data: { a: 1 }, data_base64: 'Zm9vYg==' }],
  ];

  it.each(cases)('the schema alone accepts %s; our validator rejects it naming %s', (_name, field, event) => {
    expect(schemaValidator()(event)).toBe(true);
    expect(() => validateCloudEvent(event)).toThrow(
      expect.objectContaining({ name: 'InvalidCloudEventError', field }) as unknown as Error,
    );
  });
});
