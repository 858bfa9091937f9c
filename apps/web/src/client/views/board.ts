/// <reference lib="dom" />
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { STATUSES, type AgreementSummary, type BoardFilter, type FundingLine } from '../api.js';
import { useApp } from '../app-context.js';
import type { Translator } from '../i18n.js';
import { sumPerCurrency } from '../money.js';

/** Rows the board loads at most; past that, narrowing the search is the better tool. */
const MAX_ROWS = 5000;
const PAGE = 200;

/**
 * Every agreement the user may see, filtered on the server (party, programme, theme and the
 * accent-insensitive `q`), refreshed live from the SSE stream. The board follows the cursor to
 * the end (first page shown at once, the rest appended) so counts per status are over the whole
 * set; the status filter then applies in the browser. `asOf` (auditor view) shows the board at
 * a past moment and turns the live refresh off.
 */
export function Board({ asOf, asOfNode, status }: { asOf?: string; asOfNode?: string; status?: string }) {
  const { api, i18n } = useApp();
  const [filter, setFilter] = useState<Omit<BoardFilter, 'status'>>({});
  const [statusFilter, setStatusFilter] = useState<string | undefined>(status);
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<readonly AgreementSummary[] | undefined>();
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [live, setLive] = useState(false);
  const [tick, setTick] = useState(0);

  // Typing waits a moment before asking the server.
  useEffect(() => {
    const timer = setTimeout(
      () => setFilter((current) => ({ ...current, q: query.trim() || undefined })),
      250,
    );
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    let current = true;
    if (asOf && !asOfNode) return;
    const load = async () => {
      if (asOf && asOfNode) {
        const page = await api.boardAsOf(asOfNode, asOf);
        if (current) setRows(page.items);
        return;
      }
      let page = await api.listAgreements({ ...filter, limit: PAGE });
      let loaded = [...page.items];
      if (!current) return;
      setRows(loaded);
      while (page.nextCursor && loaded.length < MAX_ROWS) {
        page = await api.listAgreements({ ...filter, limit: PAGE, cursor: page.nextCursor });
        if (!current) return;
        loaded = [...loaded, ...page.items];
        setRows(loaded);
      }
      setTruncated(Boolean(page.nextCursor));
    };
    load()
      .then(() => current && setError(undefined))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [JSON.stringify(filter), asOf, asOfNode, tick]);

  useEffect(() => {
    if (asOf) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      // Bursts of events (a command writes several) cause one reload.
      clearTimeout(timer);
      timer = setTimeout(() => setTick((n) => n + 1), 200);
    };
    setLive(true);
    api
      .stream(refresh, abort.signal)
      .catch(() => undefined)
      .finally(() => !abort.signal.aborted && setLive(false));
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [asOf]);

  const set = (key: keyof BoardFilter) => (event: Event) =>
    setFilter({ ...filter, [key]: (event.target as HTMLInputElement).value.trim() || undefined });
  // One vnode per row object: pages appended later leave the rows already shown untouched
  // (Preact skips a vnode it rendered before), so loading 1,000 rows costs 1,000 row renders.
  const rowVNodes = useMemo(() => new WeakMap<AgreementSummary, VNode>(), [i18n, asOf]);
  const rowOf = (row: AgreementSummary): VNode => {
    let vnode = rowVNodes.get(row);
    if (!vnode) {
      vnode = html`<${BoardRow} key=${row.agreementId} row=${row} i18n=${i18n} asOf=${asOf} />` as VNode;
      rowVNodes.set(row, vnode);
    }
    return vnode;
  };
  const counts = countByStatus(rows ?? []);
  const shown = statusFilter ? (rows ?? []).filter((row) => row.status === statusFilter) : (rows ?? []);

  return html`<section class="board">
    <div class="board-head">
      <h1>${i18n.t('board')}</h1>
      ${!asOf && html`<span class=${live ? 'live on' : 'live'} data-live=${live}>● ${i18n.t('live')}</span>`}
    </div>
    ${
      !asOf &&
      html`<form class="filters" onSubmit=${(e: Event) => e.preventDefault()}>
        <label class="search"
          >${i18n.t('search')}
          <input
            type="search"
            name="q"
            value=${query}
            placeholder=${i18n.t('searchPlaceholder')}
            onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${i18n.t('status')}
          <select
            name="status"
            onChange=${(e: Event) => setStatusFilter((e.target as HTMLSelectElement).value || undefined)}
          >
            <option value="">${i18n.t('any')}</option>
            ${STATUSES.map((s) => html`<option value=${s} selected=${statusFilter === s}>${i18n.status(s)}</option>`)}
          </select></label
        >
        <label>${i18n.t('party')}<input name="party" placeholder="vn-hue" onChange=${set('party')} /></label>
        <label>${i18n.t('programme')}<input name="programme" onChange=${set('programme')} /></label>
        <label
          >${i18n.t('theme')}<input name="theme" placeholder="smart-city" onChange=${set('theme')}
        /></label>
      </form>`
    }
    <ul class="counts">
      ${STATUSES.map(
        (s) =>
          html`<li data-status=${s} class=${statusFilter === s ? 'selected' : ''}>
            <button type="button" onClick=${() => setStatusFilter(statusFilter === s ? undefined : s)}>
              <span class="status-name">${i18n.status(s)}</span>
              <b class="count">${i18n.number(counts[s] ?? 0)}</b>
            </button>
          </li>`,
      )}
    </ul>
    ${error && html`<p class="error" role="alert">${i18n.t('errorLoading', { detail: error })}</p>`}
    ${!rows && !error && html`<p>${i18n.t('loading')}</p>`}
    ${rows && shown.length === 0 && html`<p class="empty">${i18n.t('noAgreements')}</p>`}
    ${
      shown.length > 0 &&
      html`<table class="agreements">
        <thead>
          <tr>
            <th>${i18n.t('title')}</th>
            <th>${i18n.t('status')}</th>
            <th>${i18n.t('parties')}</th>
            <th>${i18n.t('programme')}</th>
            <th>${i18n.t('committed')}</th>
            <th>${i18n.t('disbursed')}</th>
            <th>${i18n.t('lastActivity')}</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map(rowOf)}
        </tbody>
      </table>`
    }
    ${truncated && html`<p class="hint">${i18n.t('truncated', { count: i18n.number(MAX_ROWS) })}</p>`}
  </section>`;
}

function BoardRow({ row, i18n, asOf }: { row: AgreementSummary; i18n: Translator; asOf?: string }) {
  const href = `/agreements/${encodeURIComponent(row.agreementId)}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`;
  return html`<tr data-agreement=${row.agreementId} data-status=${row.status}>
    <td><a href=${href}>${row.title}</a></td>
    <td><span class="status" data-status=${row.status}>${i18n.status(row.status)}</span></td>
    <td>${row.parties.map((p) => p.name).join(', ')}</td>
    <td>${row.programme ?? ''}</td>
    <td class="money">${moneyLines(row.funding, 'committed', i18n)}</td>
    <td class="money">${moneyLines(row.funding, 'disbursed', i18n)}</td>
    <td>${row.lastActivity ? i18n.instant(row.lastActivity) : ''}</td>
  </tr>`;
}

/** Sum per currency over donors, shown one currency per line. */
function moneyLines(funding: readonly FundingLine[], field: 'committed' | 'disbursed', i18n: Translator) {
  const totals = sumPerCurrency(funding, field);
  return [...totals].map(([currency, amount]) => html`<div>${i18n.money(amount, currency)}</div>`);
}

function countByStatus(items: readonly AgreementSummary[]): Partial<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}
