/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { VerifyReport } from '../api.js';
import { useApp } from '../app-context.js';
import { toLocalInput } from './as-of-control.js';
import { Board } from './board.js';

const DAY = 86_400_000;
const SLIDER_DAYS = 365;

/**
 * The auditor's page: the board as of a moment (slider over the past year by day, or an exact
 * date-time), `audit verify` with every broken link, and the trail exported as JSONL or CSV.
 * Each row links to the agreement page at the same moment.
 */
export function AuditorView({ asOf }: { asOf?: string }) {
  const { api, i18n, navigate, claims } = useApp();
  const [node, setNode] = useState(claims?.node ?? '');
  const [report, setReport] = useState<VerifyReport | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  const daysAgo = asOf ? Math.max(0, Math.min(SLIDER_DAYS, Math.round((now - Date.parse(asOf)) / DAY))) : 0;
  const go = (at: string | undefined) => navigate(`/audit${at ? `?asOf=${encodeURIComponent(at)}` : ''}`);

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api.auditVerify());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const download = async (format: 'jsonl' | 'csv') => {
    try {
      const blob = await api.auditExport(format, undefined, asOf);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `ketnoi-audit-trail.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return html`<section class="auditor">
    <h1>${i18n.t('auditorView')}</h1>
    <div class="audit-tools">
      <div>
        <button type="button" onClick=${verify} disabled=${busy} data-testid="verify">
          ${i18n.t('verify')}
        </button>
        ${report && report.ok && html`<p class="ok" role="status" data-verify="ok">${i18n.t('verifyOk', { events: report.events ?? '?' })}</p>`}
        ${
          report &&
          !report.ok &&
          html`<div class="error" role="alert" data-verify="broken">
            <p>${i18n.t('verifyBroken', { count: report.broken.length })}</p>
            <ul>
              ${report.broken.map((b) => html`<li><code>${b.streamId}</code>${b.revision === undefined ? '' : ` rev ${b.revision}`}: ${b.reason}</li>`)}
            </ul>
          </div>`
        }
      </div>
      <div>
        ${i18n.t('exportTrail')}:
        <button type="button" onClick=${() => download('jsonl')}>JSONL</button>
        <button type="button" onClick=${() => download('csv')}>CSV</button>
      </div>
    </div>
    ${error && html`<p class="error" role="alert">${i18n.t('errorLoading', { detail: error })}</p>`}
    <div class="as-of">
      <label
        >${i18n.t('boardAsOf')}
        <input
          type="range"
          name="daysAgo"
          min="0"
          max=${SLIDER_DAYS}
          step="1"
          value=${SLIDER_DAYS - daysAgo}
          style="direction: ltr"
          onChange=${(e: Event) => {
            const back = SLIDER_DAYS - Number((e.target as HTMLInputElement).value);
            go(back === 0 ? undefined : new Date(now - back * DAY).toISOString());
          }}
      /></label>
      <label
        ><input
          type="datetime-local"
          name="asOf"
          step="1"
          value=${asOf ? toLocalInput(asOf) : ''}
          onChange=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            go(value ? new Date(value).toISOString() : undefined);
          }}
      /></label>
      ${
        asOf &&
        html`<span role="status"
          >${i18n.t('asOfShowing', { at: i18n.instant(asOf) })}
          <button type="button" onClick=${() => go(undefined)}>${i18n.t('backToNow')}</button></span
        >`
      }
    </div>
    ${
      asOf &&
      html`<label class="field" data-field="node"
        >${i18n.t('node')}
        <input
          name="node"
          value=${node}
          placeholder="vn-hue"
          onChange=${(e: Event) => setNode((e.target as HTMLInputElement).value.trim())}
      /></label>`
    }
    <${Board} asOf=${asOf} asOfNode=${node || undefined} />
  </section>`;
}
