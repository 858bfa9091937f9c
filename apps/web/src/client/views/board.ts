/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import {
  STATUSES,
  type AgreementPage,
  type AgreementSummary,
  type BoardFilter,
  type FundingLine,
} from '../api.js';
import { useApp } from '../app-context.js';
import type { Translator } from '../i18n.js';
import { sumPerCurrency } from '../money.js';

/**
 * Every agreement the user may see, filtered on the server (status, party, programme, theme and
 * the accent-insensitive `q`), with counts per status, refreshed live from the SSE stream.
 * `asOf` (auditor view) shows the board at a past moment and turns the live refresh off.
 */
export function Board({ asOf, asOfNode, status }: { asOf?: string; asOfNode?: string; status?: string }) {
  const { api, i18n } = useApp();
  const [filter, setFilter] = useState<BoardFilter>({ status });
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<AgreementPage | undefined>();
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
    const load =
      asOf && asOfNode
        ? api.boardAsOf(asOfNode, asOf, filter.status)
        : api.listAgreements({ ...filter, limit: 200 });
    load
      .then((result) => current && (setPage(result), setError(undefined)))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [filter, asOf, asOfNode, tick]);

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

  const loadMore = async () => {
    if (!page?.nextCursor) return;
    const next = await api.listAgreements({ ...filter, limit: 200, cursor: page.nextCursor });
    setPage({ ...next, items: [...page.items, ...next.items], counts: page.counts ?? next.counts });
  };

  const set = (key: keyof BoardFilter) => (event: Event) =>
    setFilter({ ...filter, [key]: (event.target as HTMLInputElement).value.trim() || undefined });
  const counts = page?.counts ?? countByStatus(page?.items ?? []);

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
          <select name="status" onChange=${set('status')}>
            <option value="">${i18n.t('any')}</option>
            ${STATUSES.map((s) => html`<option value=${s} selected=${filter.status === s}>${i18n.status(s)}</option>`)}
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
          html`<li data-status=${s} class=${filter.status === s ? 'selected' : ''}>
            <button
              type="button"
              onClick=${() => setFilter({ ...filter, status: filter.status === s ? undefined : s })}
            >
              <span class="status-name">${i18n.status(s)}</span>
              <b class="count">${i18n.number(counts[s] ?? 0)}</b>
            </button>
          </li>`,
      )}
    </ul>
    ${error && html`<p class="error" role="alert">${i18n.t('errorLoading', { detail: error })}</p>`}
    ${!page && !error && html`<p>${i18n.t('loading')}</p>`}
    ${page && page.items.length === 0 && html`<p class="empty">${i18n.t('noAgreements')}</p>`}
    ${
      page &&
      page.items.length > 0 &&
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
          ${page.items.map((row) => html`<${BoardRow} key=${row.agreementId} row=${row} i18n=${i18n} asOf=${asOf} />`)}
        </tbody>
      </table>`
    }
    ${page?.nextCursor && html`<button type="button" onClick=${loadMore}>${i18n.t('loadMore')}</button>`}
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
