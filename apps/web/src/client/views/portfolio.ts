/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { STATUSES, type Portfolio } from '../api.js';
import { useApp } from '../app-context.js';
import { ChartCanvas, type ChartSpec } from '../components/chart.js';
import type { Translator } from '../i18n.js';

const MONTHS = 12;

/**
 * A city's or a donor's portfolio: totals per currency, agreements by status, and committed
 * funding over the past year, each point being the portfolio as of the end of that month
 * (the read side answers portfolios as-of, so the curve is what the books said then).
 */
export function PortfolioView({ kind, nodeId }: { kind: 'node' | 'donor'; nodeId: string }) {
  const { api, i18n } = useApp();
  const [portfolio, setPortfolio] = useState<Portfolio | undefined>();
  const [history, setHistory] = useState<ReadonlyArray<{ at: string; portfolio: Portfolio }>>([]);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    setPortfolio(undefined);
    api
      .portfolio(kind, nodeId)
      .then((p) => current && setPortfolio(p))
      .catch((e: Error) => current && setError(e.message));
    // Only the node portfolio answers as-of; a donor's is current only, so it gets no curve.
    if (kind !== 'node') return () => void (current = false);
    Promise.all(
      monthEnds(new Date(), MONTHS).map(async (at) => ({
        at,
        portfolio: await api.portfolio(kind, nodeId, at),
      })),
    )
      .then((points) => current && setHistory(points))
      .catch(() => current && setHistory([]));
    return () => {
      current = false;
    };
  }, [kind, nodeId]);

  return html`<section class="portfolio">
    <h1>${i18n.t(kind === 'node' ? 'cityPortfolio' : 'donorPortfolio')}: <code>${nodeId}</code></h1>
    ${error && html`<p class="error" role="alert">${i18n.t('errorLoading', { detail: error })}</p>`}
    ${!portfolio && !error && html`<p>${i18n.t('loading')}</p>`}
    ${
      portfolio &&
      html`<h2>${i18n.t('totalsPerCurrency')}</h2>
        <table class="funding">
          <thead>
            <tr>
              <th>${i18n.t('currency')}</th>
              <th>${i18n.t('committed')}</th>
              <th>${i18n.t('disbursed')}</th>
            </tr>
          </thead>
          <tbody>
            ${portfolio.totals.map(
              (line) =>
                html`<tr data-currency=${line.currency}>
                  <td>${line.currency}</td>
                  <td class="money">${i18n.money(line.committed, line.currency)}</td>
                  <td class="money">${i18n.money(line.disbursed, line.currency)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h2>${i18n.t('agreementsByStatus')}</h2>
        <ul class="counts">
          ${STATUSES.map(
            (s) =>
              html`<li data-status=${s}>
                <a href=${`/?status=${s}`}
                  >${i18n.status(s)} <b class="count">${i18n.number(portfolio.byStatus[s] ?? 0)}</b></a
                >
              </li>`,
          )}
        </ul>
        ${overTime(history, i18n).map((spec) => html`<${ChartCanvas} spec=${spec} />`)}`
    }
  </section>`;
}

/** ISO instants at the end of each of the last `count` months, oldest first, the last one now. */
export function monthEnds(now: Date, count: number): string[] {
  const points: string[] = [];
  for (let back = count - 1; back >= 1; back--) {
    points.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 1) - 1).toISOString());
  }
  points.push(now.toISOString());
  return points;
}

/** One line chart per currency: committed and disbursed at each point. */
function overTime(
  points: ReadonlyArray<{ at: string; portfolio: Portfolio }>,
  i18n: Translator,
): ChartSpec[] {
  const currencies = [...new Set(points.flatMap((p) => p.portfolio.totals.map((t) => t.currency)))];
  return currencies.map((currency) => {
    const value = (p: Portfolio, field: 'committed' | 'disbursed') =>
      Number(p.totals.find((t) => t.currency === currency)?.[field] ?? 0);
    return {
      type: 'line',
      title: `${i18n.t('overTime')} (${currency})`,
      labels: points.map((p) => i18n.date(p.at)),
      series: [
        {
          label: i18n.t('committed'),
          values: points.map((p) => value(p.portfolio, 'committed')),
          color: '#2f6f9f',
        },
        {
          label: i18n.t('disbursed'),
          values: points.map((p) => value(p.portfolio, 'disbursed')),
          color: '#e0a030',
        },
      ],
      format: (v: number) => i18n.money(String(v), currency),
    };
  });
}
