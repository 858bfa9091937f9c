/// <reference lib="dom" />
import { html } from 'htm/preact';
import { knownAt, type RecordedEvent } from '../api.js';
import { useApp } from '../app-context.js';

/**
 * The auditor's time control on one agreement: a slider with one stop per recorded event (moving
 * it shows the agreement right after that event) and a date-time field for any other moment.
 */
export function AsOfControl(props: {
  events: readonly RecordedEvent[];
  asOf?: string;
  onChange: (asOf: string | undefined) => void;
}) {
  const { i18n } = useApp();
  const last = props.events.length - 1;
  const at = props.asOf ? Date.parse(props.asOf) : undefined;
  const index =
    at === undefined
      ? last
      : Math.max(0, props.events.filter((e) => Date.parse(knownAt(e)) <= at).length - 1);
  const choose = (i: number) => props.onChange(i >= last ? undefined : knownAt(props.events[i]!));
  return html`<div class="as-of" data-as-of=${props.asOf ?? ''}>
    <label
      >${i18n.t('asOfLabel')}
      <input
        type="range"
        name="asOfEvent"
        min="0"
        max=${last}
        step="1"
        value=${index}
        onChange=${(e: Event) => choose(Number((e.target as HTMLInputElement).value))}
      />
      <span class="as-of-event">${props.events[index]?.type}</span>
    </label>
    <label
      ><input
        type="datetime-local"
        name="asOf"
        step="1"
        value=${props.asOf ? toLocalInput(props.asOf) : ''}
        onChange=${(e: Event) => {
          const value = (e.target as HTMLInputElement).value;
          props.onChange(value ? new Date(value).toISOString() : undefined);
        }}
    /></label>
    ${
      props.asOf &&
      html`<p class="notice" role="status">
        ${i18n.t('asOfShowing', { at: i18n.instant(props.asOf) })}
        <button type="button" onClick=${() => props.onChange(undefined)}>${i18n.t('backToNow')}</button>
      </p>`
    }
  </div>`;
}

/** ISO instant to the `YYYY-MM-DDTHH:mm:ss` of a datetime-local input, in the browser's zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
