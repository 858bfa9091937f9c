/// <reference lib="dom" />
/**
 * The one file that knows the hub's REST routes and response shapes (docs/design.md "Interfaces",
 * issues 2, 3 and 5). Views use only the typed functions below, so a route change is a fix here.
 * Responses of the read side are normalised into the view types, because the list and portfolio
 * routes may add fields; every view reads the same names.
 */

export const STATUSES = [
  'DRAFT',
  'PROPOSED',
  'SIGNED',
  'ACTIVE',
  'SUSPENDED',
  'COMPLETED',
  'TERMINATED',
  'EXPIRED',
] as const;
export type AgreementStatus = (typeof STATUSES)[number];
export const KINDS = ['MOU', 'TWINNING', 'GRANT', 'LOAN', 'TECHNICAL_ASSISTANCE', 'PROGRAMME'] as const;
export const ROLES = ['CITY', 'PROVINCE', 'DONOR', 'AGENCY', 'UNIVERSITY', 'NGO', 'ASSOCIATION'] as const;
export const OUTCOMES = ['ACHIEVED', 'PARTIALLY_ACHIEVED', 'MISSED'] as const;

export interface Party {
  readonly nodeId: string;
  readonly name: string;
  readonly role: string;
  readonly country: string;
  readonly countersigned?: boolean;
  readonly countersignedBy?: string;
  readonly onBehalf?: boolean;
  readonly withdrawn?: boolean;
}

export interface FundingLine {
  readonly donor: string;
  readonly currency: string;
  readonly committed: string;
  readonly disbursed: string;
}

export interface Milestone {
  readonly milestoneId: string;
  readonly title: string;
  readonly dueDate: string;
  readonly status: 'PLANNED' | 'REPORTED';
  readonly outcome?: string;
  readonly reportedOn?: string;
}

/** One row of the board. */
export interface AgreementSummary {
  readonly agreementId: string;
  readonly title: string;
  readonly kind: string;
  readonly status: AgreementStatus;
  readonly programme?: string;
  readonly themes: readonly string[];
  readonly parties: readonly Party[];
  readonly funding: readonly FundingLine[];
  /** ISO instant of the last recorded event, when the route says. */
  readonly lastActivity?: string;
  readonly revision: number;
}

/** `GET /v1/agreements/{id}`. */
export interface Agreement extends AgreementSummary {
  readonly homeNode?: string;
  readonly description?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly milestones: readonly Milestone[];
  readonly position?: string;
}

export interface AgreementPage {
  readonly items: readonly AgreementSummary[];
  readonly nextCursor?: string;
  /** Counts per status over the whole filtered set, when the route gives them. */
  readonly counts?: Partial<Record<AgreementStatus, number>>;
}

export type BoardFilter = {
  readonly status?: string;
  readonly party?: string;
  readonly programme?: string;
  readonly theme?: string;
  readonly q?: string;
};

export interface RecordedEvent {
  readonly eventId: string;
  readonly revision: number;
  readonly globalPosition: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    readonly actor: string;
    readonly actorNode: string;
    readonly originNode?: string;
    readonly occurredAt: string;
    /** When this node recorded it; as-of queries answer by this time (what the node knew then). */
    readonly recordedAt?: string;
    readonly hash?: string;
  };
}

export interface Portfolio {
  readonly nodeId: string;
  readonly totals: readonly FundingLine[];
  readonly byStatus: Partial<Record<AgreementStatus, number>>;
}

export interface BrokenLink {
  readonly streamId: string;
  readonly revision?: number;
  readonly reason: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly events?: number;
  readonly broken: readonly BrokenLink[];
}

export interface Accepted {
  readonly agreementId: string;
  readonly revision: number;
  readonly position: string;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details as the hub sends them (`errors` names every bad field). */
export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly currentRevision?: number;
}

/** The instant an as-of query places an event at: when this node recorded it. */
export const knownAt = (event: RecordedEvent): string =>
  event.metadata.recordedAt ?? event.metadata.occurredAt;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  /** 409/412: the agreement changed since it was read. */
  get stale(): boolean {
    return this.problem.status === 409 || this.problem.status === 412;
  }
}

export type DraftBody = {
  title: string;
  titleTranslations?: { vi?: string; en?: string; fr?: string };
  description?: string;
  kind: string;
  programme?: string;
  themes?: string[];
  parties: Array<{ nodeId: string; name: string; role: string; country: string }>;
  startDate?: string;
  endDate?: string;
};

/** Paths below `/v1/agreements/{id}/` of the commands the agreement page offers. */
export type CommandPath =
  | 'propose'
  | 'countersign'
  | 'activate'
  | 'funding'
  | 'disbursements'
  | 'milestones'
  | `milestones/${string}/report`
  | 'suspend'
  | 'resume'
  | 'renew'
  | 'complete'
  | 'terminate'
  | 'notes';

export interface ApiOptions {
  /** Origin of the hub; '' = the page's own (the hub serves the UI). */
  readonly base?: string;
  /** The bearer token of the signed-in user, if any. */
  readonly token: () => string | null;
  /** Called on 401 so the app can ask for a token. */
  readonly onUnauthorized?: () => void;
}

export function createApi({ base = '', token, onUnauthorized }: ApiOptions) {
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const bearer = token();
    const response = await fetch(base + path, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      if (response.status === 401) onUnauthorized?.();
      throw new ApiError(await problemOf(response));
    }
    return (await response.json()) as T;
  }

  return {
    async listAgreements(filter: BoardFilter & { cursor?: string; limit?: number }): Promise<AgreementPage> {
      const raw = await call<unknown>('GET', `/v1/agreements${query(filter)}`);
      return toPage(raw);
    },
    /**
     * The board at a past moment. The list route has no `asOf` yet; the portfolio of a node does
     * (history folded up to then), and a node holds only agreements it is party to, so a node's
     * portfolio as of T is that node's board as of T (titles and statuses; no funding columns).
     */
    async boardAsOf(nodeId: string, asOf: string, status?: string): Promise<AgreementPage> {
      const raw = await call<Raw>('GET', `/v1/portfolio/${enc(nodeId)}${query({ asOf })}`);
      const items = arr<Raw>(raw.items).map(toSummary);
      return { items: status ? items.filter((item) => item.status === status) : items };
    },
    async getAgreement(agreementId: string, asOf?: string): Promise<Agreement> {
      const raw = await call<Record<string, unknown>>(
        'GET',
        `/v1/agreements/${enc(agreementId)}${query({ asOf })}`,
      );
      return toAgreement(raw);
    },
    async history(agreementId: string): Promise<RecordedEvent[]> {
      const raw = await call<{ events: RecordedEvent[] } | RecordedEvent[]>(
        'GET',
        `/v1/agreements/${enc(agreementId)}/history`,
      );
      return Array.isArray(raw) ? raw : raw.events;
    },
    draft: (body: DraftBody) => call<Accepted>('POST', '/v1/agreements', body),
    /** A command on an existing agreement; `revision` (the one shown) becomes `If-Match`. */
    command: (agreementId: string, path: CommandPath, body: Record<string, unknown>, revision?: number) =>
      call<Accepted>(
        'POST',
        `/v1/agreements/${enc(agreementId)}/${path}`,
        body,
        revision === undefined ? {} : { 'if-match': `"${revision}"` },
      ),
    async portfolio(kind: 'node' | 'donor', nodeId: string, asOf?: string): Promise<Portfolio> {
      const path = kind === 'node' ? `/v1/portfolio/${enc(nodeId)}` : `/v1/donors/${enc(nodeId)}/portfolio`;
      return toPortfolio(nodeId, await call<Record<string, unknown>>('GET', path + query({ asOf })));
    },
    async auditVerify(): Promise<VerifyReport> {
      return toVerifyReport(await call<Record<string, unknown>>('GET', '/v1/audit/verify'));
    },
    /** The audit trail as a file (JSONL or CSV), fetched with the token so it can be saved. */
    async auditExport(format: 'jsonl' | 'csv', from?: string, to?: string): Promise<Blob> {
      const bearer = token();
      const response = await fetch(`${base}/v1/audit/export${query({ format, from, to })}`, {
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
      if (!response.ok) throw new ApiError(await problemOf(response));
      return response.blob();
    },
    /**
     * Server-Sent Events of projection changes. EventSource cannot send a bearer header, so the
     * stream is read with fetch and parsed here; `onChange` gets each event's data.
     */
    async stream(
      onChange: (event: { id?: string; type: string; data: string }) => void,
      signal: AbortSignal,
    ): Promise<void> {
      const bearer = token();
      const response = await fetch(`${base}/v1/events/stream`, {
        headers: { accept: 'text/event-stream', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        signal,
      });
      if (!response.ok || !response.body) throw new ApiError(await problemOf(response));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = parseSseBlock(block);
          if (event) onChange(event);
        }
      }
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** One SSE block (lines up to a blank line) into its fields; comments and empty blocks are skipped. */
export function parseSseBlock(block: string): { id?: string; type: string; data: string } | undefined {
  let id: string | undefined;
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 && id === undefined ? undefined : { id, type, data: data.join('\n') };
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    return {
      ...parsed,
      title: parsed.title ?? response.statusText,
      status: parsed.status ?? response.status,
    };
  } catch {
    return {
      title: response.statusText || 'Error',
      status: response.status,
      detail: text.slice(0, 300) || undefined,
    };
  }
}

const enc = encodeURIComponent;

function query(params: { readonly [key: string]: string | number | undefined }): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as Array<[string, string | number | undefined]>) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

type Raw = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const arr = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

function toSummary(raw: Raw): AgreementSummary {
  const lastEvent = raw.lastEvent as Raw | undefined;
  return {
    agreementId: String(raw.agreementId),
    title: str(raw.title) ?? '',
    kind: str(raw.kind) ?? '',
    status: raw.status as AgreementStatus,
    programme: str(raw.programme),
    themes: arr<string>(raw.themes),
    parties: arr<Party>(raw.parties),
    funding: arr<FundingLine>(raw.funding),
    lastActivity:
      str(raw.lastActivity) ??
      str(raw.lastEventAt) ??
      str(lastEvent?.occurredAt) ??
      str(lastEvent?.at) ??
      str(raw.updatedAt),
    revision: Number(raw.revision ?? raw.version ?? 0),
  };
}

function toAgreement(raw: Raw): Agreement {
  return {
    ...toSummary(raw),
    homeNode: str(raw.homeNode),
    description: str(raw.description),
    startDate: str(raw.startDate),
    endDate: str(raw.endDate),
    milestones: arr<Milestone>(raw.milestones),
    position: str(raw.position),
  };
}

function toPage(raw: unknown): AgreementPage {
  if (Array.isArray(raw)) return { items: raw.map((row) => toSummary(row as Raw)) };
  const body = raw as Raw;
  const rows = arr<Raw>(body.items ?? body.agreements ?? body.data);
  return {
    items: rows.map(toSummary),
    nextCursor: str(body.nextCursor) ?? str(body.cursor),
    counts: (body.counts ?? body.statusCounts) as AgreementPage['counts'],
  };
}

function toPortfolio(nodeId: string, raw: Raw): Portfolio {
  let byStatus = (raw.byStatus ?? raw.agreementsByStatus ?? raw.statusCounts) as
    Portfolio['byStatus'] | undefined;
  if (!byStatus) {
    // The donor view lists funding lines per agreement and currency: count each agreement once.
    const statusOf = new Map(
      arr<Raw>(raw.agreements).map((line) => [String(line.agreementId), String(line.status)]),
    );
    const counts: Record<string, number> = {};
    for (const status of statusOf.values()) counts[status] = (counts[status] ?? 0) + 1;
    byStatus = counts;
  }
  return { nodeId, totals: arr<FundingLine>(raw.totals ?? raw.funding), byStatus };
}

/** `GET /v1/audit/verify`: `{ok, events, streams, signaturesChecked, breaks: [{streamId, revision, problem, expected?, found?}]}`. */
function toVerifyReport(raw: Raw): VerifyReport {
  const broken = arr<Raw>(raw.breaks).map((link) => ({
    streamId: String(link.streamId),
    // Findings about the whole log (stream `$all`) have no revision.
    ...(typeof link.revision === 'number' ? { revision: link.revision } : {}),
    reason: `${String(link.problem)}${link.expected ? ` (expected ${String(link.expected)})` : ''}${link.found ? `: ${String(link.found)}` : ''}`,
  }));
  return { ok: raw.ok === true, events: typeof raw.events === 'number' ? raw.events : undefined, broken };
}
