/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { knownAt, type Agreement, type FundingLine, type RecordedEvent } from '../api.js';
import { useApp } from '../app-context.js';
import { ChartCanvas, type ChartSpec } from '../components/chart.js';
import type { Translator } from '../i18n.js';
import { offerFor } from '../lifecycle.js';
import { ActionForm } from './action-forms.js';
import { AsOfControl } from './as-of-control.js';

/**
 * One agreement: parties and their countersignatures, funding per donor and currency (chart),
 * milestones, the full timeline, and the commands its lifecycle and the user's role allow now.
 * With `asOf` it shows the state at that moment (auditor) and offers no commands.
 */
export function AgreementPage({ agreementId, asOf }: { agreementId: string; asOf?: string }) {
  const { api, i18n, claims, navigate } = useApp();
  const [agreement, setAgreement] = useState<Agreement | undefined>();
  const [history, setHistory] = useState<readonly RecordedEvent[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ text: string; kind: 'ok' | 'stale' } | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let current = true;
    Promise.all([api.getAgreement(agreementId, asOf), api.history(agreementId)])
      .then(([state, events]) => {
        if (!current) return;
        if (asOf && state.revision > revisionAt(events, asOf)) {
          // The hub answered with a later state than the one asked for: say so rather than mislabel it.
          setError(i18n.t('unavailable', { detail: 'GET /v1/agreements/{id}?asOf=' }));
          setAgreement(undefined);
        } else {
          setAgreement(state);
          setError(undefined);
        }
        setHistory(events);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [agreementId, asOf, tick]);

  const reload = (text: string, kind: 'ok' | 'stale') => {
    setNotice({ text, kind });
    setTick((n) => n + 1);
  };
  const offer = agreement && !asOf ? offerFor(agreement, claims) : undefined;

  return html`<section class="agreement-page">
    ${error && html`<p class="error" role="alert">${i18n.t('errorLoading', { detail: error })}</p>`}
    ${
      history.length > 0 &&
      html`<${AsOfControl}
        events=${history}
        asOf=${asOf}
        onChange=${(at: string | undefined) => navigate(`/agreements/${encodeURIComponent(agreementId)}${at ? `?asOf=${encodeURIComponent(at)}` : ''}`)}
      />`
    }
    ${!agreement && !error && html`<p>${i18n.t('loading')}</p>`}
    ${
      agreement &&
      html`<header>
          <h1 lang="vi">${agreement.title}</h1>
          <p>
            <span class="status" data-status=${agreement.status} data-testid="agreement-status"
              >${i18n.status(agreement.status)}</span
            >
            · ${agreement.kind} ${agreement.programme && html`· ${agreement.programme}`}
            ${agreement.startDate && html` · ${i18n.date(agreement.startDate)}`}${agreement.endDate && html` – ${i18n.date(agreement.endDate)}`}
            · rev ${agreement.revision}
          </p>
          ${agreement.themes.length > 0 && html`<p class="themes">${agreement.themes.map((t) => html`<span class="tag">${t}</span>`)}</p>`}
        </header>
        ${notice && html`<p class=${notice.kind === 'stale' ? 'notice stale' : 'notice'} role="status">${notice.text}</p>`}
        <div class="columns">
          <div>
            <${Parties} agreement=${agreement} i18n=${i18n} />
            <${Funding} funding=${agreement.funding} i18n=${i18n} />
            <${Milestones} agreement=${agreement} i18n=${i18n} />
          </div>
          ${
            offer &&
            html`<aside class="actions">
              <h2>${i18n.t('actions')}</h2>
              ${offer.actions.length === 0 && html`<p>${i18n.t('noActions')}</p>`}
              ${offer.actions.map(
                (action) =>
                  html`<${ActionForm}
                    key=${`${action}-${agreement.revision}`}
                    action=${action}
                    agreement=${agreement}
                    offer=${offer}
                    onDone=${(text: string) => reload(text, 'ok')}
                    onStale=${(text: string) => reload(text, 'stale')}
                  />`,
              )}
            </aside>`
          }
        </div>`
    }
    ${history.length > 0 && html`<${Timeline} events=${history} i18n=${i18n} />`}
  </section>`;
}

/** The revision the agreement had at `asOf`: the last event recorded by then (-1 before the first). */
export function revisionAt(events: readonly RecordedEvent[], asOf: string): number {
  const at = Date.parse(asOf);
  let revision = -1;
  for (const event of events)
    if (Date.parse(knownAt(event)) <= at) revision = Math.max(revision, event.revision);
  return revision;
}

function Parties({ agreement, i18n }: { agreement: Agreement; i18n: Translator }) {
  return html`<section>
    <h2>${i18n.t('parties')}</h2>
    <ul class="parties">
      ${agreement.parties.map(
        (p) =>
          html`<li data-party=${p.nodeId} data-countersigned=${Boolean(p.countersigned)}>
            <b>${p.name}</b>${' '}
            <a href=${`/${p.role === 'DONOR' ? 'donors' : 'portfolio'}/${encodeURIComponent(p.nodeId)}`}
              ><code>${p.nodeId}</code></a
            >
            ${` · ${p.role} · ${p.country} — `}
            <span class="signature"
              >${
                p.withdrawn
                  ? i18n.t('withdrawn')
                  : p.countersigned
                    ? `✔ ${i18n.t('countersigned')}${p.onBehalf ? ` (${i18n.t('onBehalf', { by: p.countersignedBy ?? '' })})` : ''}`
                    : i18n.t('awaitingSignature')
              }</span
            >
          </li>`,
      )}
    </ul>
  </section>`;
}

function Funding({ funding, i18n }: { funding: readonly FundingLine[]; i18n: Translator }) {
  const charts = useMemo(() => fundingCharts(funding, i18n), [funding, i18n]);
  return html`<section>
    <h2>${i18n.t('funding')}</h2>
    ${funding.length === 0 && html`<p>${i18n.t('noFunding')}</p>`}
    ${
      funding.length > 0 &&
      html`<table class="funding">
        <thead>
          <tr>
            <th>${i18n.t('donor')}</th>
            <th>${i18n.t('committed')}</th>
            <th>${i18n.t('disbursed')}</th>
          </tr>
        </thead>
        <tbody>
          ${funding.map(
            (line) =>
              html`<tr>
                <td>${line.donor}</td>
                <td class="money">${i18n.money(line.committed, line.currency)}</td>
                <td class="money">${i18n.money(line.disbursed, line.currency)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    }
    ${charts.map((spec) => html`<${ChartCanvas} spec=${spec} />`)}
  </section>`;
}

/** One chart per currency (VND and USD on one axis would hide one of them): committed vs disbursed per donor. */
function fundingCharts(funding: readonly FundingLine[], i18n: Translator): ChartSpec[] {
  const currencies = [...new Set(funding.map((line) => line.currency))];
  return currencies.map((currency) => {
    const lines = funding.filter((line) => line.currency === currency);
    return {
      type: 'bar',
      title: `${i18n.t('funding')} (${currency})`,
      labels: lines.map((line) => line.donor),
      series: [
        { label: i18n.t('committed'), values: lines.map((line) => Number(line.committed)), color: '#2f6f9f' },
        { label: i18n.t('disbursed'), values: lines.map((line) => Number(line.disbursed)), color: '#e0a030' },
      ],
      format: (value: number) => i18n.money(String(value), currency),
    };
  });
}

function Milestones({ agreement, i18n }: { agreement: Agreement; i18n: Translator }) {
  return html`<section>
    <h2>${i18n.t('milestones')}</h2>
    ${agreement.milestones.length === 0 && html`<p>${i18n.t('noMilestones')}</p>`}
    <ul>
      ${agreement.milestones.map(
        (m) =>
          html`<li data-milestone=${m.milestoneId}>
            ${m.title} · ${i18n.t('due', { date: i18n.date(m.dueDate) })}
            ${m.status === 'REPORTED' && html` · ${m.outcome}${m.reportedOn ? ` (${i18n.date(m.reportedOn)})` : ''}`}
          </li>`,
      )}
    </ul>
  </section>`;
}

function Timeline({ events, i18n }: { events: readonly RecordedEvent[]; i18n: Translator }) {
  return html`<section class="timeline">
    <h2>${i18n.t('timeline')}</h2>
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>${i18n.t('event')}</th>
          <th>${i18n.t('actor')}</th>
          <th>${i18n.t('node')}</th>
          <th>${i18n.t('time')}</th>
        </tr>
      </thead>
      <tbody>
        ${events.map(
          (e) =>
            html`<tr key=${e.eventId} data-event=${e.type}>
              <td>${e.revision}</td>
              <td>${e.type}</td>
              <td>${e.metadata.actor}</td>
              <td>${e.metadata.actorNode}</td>
              <td><time datetime=${e.metadata.occurredAt}>${i18n.instant(e.metadata.occurredAt)}</time></td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
