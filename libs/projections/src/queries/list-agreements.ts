import { foldForSearch, statusView, type StatusView } from '@ketnoi/domain';
import { parseGlobalPosition, type SqlQueryable } from '@ketnoi/event-store';
import { ProblemException, type ReadScope } from '@ketnoi/platform';
import { rowFromSql } from '../partnership-status/partnership-status.projection.js';
import { visibleStatusRows } from './visible-rows.js';

export const AGREEMENT_SORTS = ['-updated', 'updated', 'title', '-title', 'drafted', '-drafted'] as const;
export type AgreementSort = (typeof AGREEMENT_SORTS)[number];

export interface AgreementFilter {
  readonly status?: string;
  readonly party?: string;
  readonly programme?: string;
  readonly theme?: string;
  readonly q?: string;
  /** @defaultValue `'-updated'` (most recently changed first) */
  readonly sort?: AgreementSort;
  /** Opaque, from the previous page's `nextCursor`. */
  readonly cursor?: string;
  /** @defaultValue 50 */
  readonly limit?: number;
}

export interface AgreementPage {
  readonly items: StatusView[];
  readonly nextCursor: string | null;
}

const SORT_COLUMN = { updated: 'position', title: 'title', drafted: 'drafted_at' } as const;

/**
 * A page of the partnership-status read model. Keyset pagination on (sort column, agreement id):
 * pages stay stable while agreements change, and deep pages cost what the first does.
 */
export async function listAgreements(
  sql: SqlQueryable,
  filter: AgreementFilter,
  scope: ReadScope,
): Promise<AgreementPage> {
  const sort = filter.sort ?? '-updated';
  const descending = sort.startsWith('-');
  const column = SORT_COLUMN[sort.replace('-', '') as keyof typeof SORT_COLUMN];
  const limit = filter.limit ?? 50;
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const from = visibleStatusRows(scope, param);
  if (filter.status) where.push(`status = ${param(filter.status)}`);
  if (filter.party) where.push(`party_nodes @> jsonb_build_array(${param(filter.party)}::text)`);
  if (filter.programme) where.push(`programme = ${param(filter.programme)}`);
  if (filter.theme) where.push(`themes @> jsonb_build_array(${param(filter.theme)}::text)`);
  for (const word of foldForSearch(filter.q ?? '')
    .split(' ')
    .filter((w) => w !== '')) {
    where.push(`search like ${param(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  }
  if (filter.cursor !== undefined) {
    const cursor = decodeCursor(filter.cursor, sort);
    const value = column === 'position' ? `${param(cursor.value)}::bigint` : param(cursor.value);
    where.push(`(${column}, agreement_id) ${descending ? '<' : '>'} (${value}, ${param(cursor.id)})`);
  }
  const direction = descending ? 'desc' : 'asc';
  const { rows } = await sql.query<Record<string, unknown>>(
    `select * from ${from} ${where.length ? `where ${where.join(' and ')}` : ''}
     order by ${column} ${direction}, agreement_id ${direction} limit ${limit + 1}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, value: String(last[column]), id: last.agreement_id as string })
      : null;
  return { items: page.map((r) => statusView(rowFromSql(r))), nextCursor };
}

interface Cursor {
  readonly sort: AgreementSort;
  readonly value: string;
  readonly id: string;
}

const CURSOR_VALUE: Record<(typeof SORT_COLUMN)[keyof typeof SORT_COLUMN], (value: string) => boolean> = {
  position: (value) => parseGlobalPosition(value) !== undefined,
  title: () => true,
  drafted_at: (value) => !Number.isNaN(Date.parse(value)),
};

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string, sort: AgreementSort): Cursor {
  const bad = (message: string) =>
    new ProblemException({
      status: 400,
      code: 'INVALID_REQUEST',
      title: 'Invalid request',
      detail: `Invalid cursor: ${message}`,
      errors: [{ field: 'cursor', message }],
    });
  let cursor: Partial<Cursor>;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw bad('must be a nextCursor returned by this API');
  }
  if (
    typeof cursor !== 'object' ||
    cursor === null ||
    typeof cursor.value !== 'string' ||
    typeof cursor.id !== 'string'
  ) {
    throw bad('must be a nextCursor returned by this API');
  }
  if (cursor.sort !== sort) throw bad(`was issued for sort=${String(cursor.sort)}, not sort=${sort}`);
  // A forged value must not reach SQL as something its column cannot hold.
  if (!CURSOR_VALUE[SORT_COLUMN[sort.replace('-', '') as keyof typeof SORT_COLUMN]](cursor.value))
    throw bad('must be a nextCursor returned by this API');
  return cursor as Cursor;
}
