/// <reference lib="dom" />
import type { ComponentChildren } from 'preact';
import { html } from 'htm/preact';
import type { FieldError } from '../api.js';

/**
 * A labelled input with the problem+json error that names it shown right under it.
 * `name` is the field path the hub reports (`currency`, `parties[1].country`).
 */
export function Field(props: {
  name: string;
  label: string;
  errors: readonly FieldError[];
  children: ComponentChildren;
  hint?: string;
}) {
  // `themes[1]` (an element of a list typed in one input) belongs to the `themes` field too.
  const element = new RegExp(`^${props.name.replace(/[.[\]]/g, '\\$&')}\\[\\d+\\]$`);
  const messages = props.errors
    .filter((error) => error.field === props.name || element.test(error.field))
    .map((error) => `${error.field === props.name ? '' : `${error.field}: `}${error.message}`);
  return html`<label class=${messages.length ? 'field invalid' : 'field'} data-field=${props.name}>
    <span class="label">${props.label}</span>
    ${props.children} ${props.hint && html`<small class="hint">${props.hint}</small>`}
    ${messages.map((message) => html`<small class="field-error" role="alert" data-error-for=${props.name}>${message}</small>`)}
  </label>`;
}

/** Errors that name no field shown in the form (e.g. `body`, or a field the form has no input for). */
export function FormErrors(props: {
  errors: readonly FieldError[];
  shown: readonly string[];
  detail?: string;
}) {
  const rest = props.errors.filter((error) => !props.shown.includes(error.field.replace(/\[\d+\]$/, '')));
  if (rest.length === 0 && !props.detail) return null;
  return html`<div class="form-error" role="alert">
    ${props.detail && html`<p>${props.detail}</p>`}
    ${
      rest.length > 0 &&
      html`<ul>
        ${rest.map((error) => html`<li><code>${error.field}</code>: ${error.message}</li>`)}
      </ul>`
    }
  </div>`;
}
