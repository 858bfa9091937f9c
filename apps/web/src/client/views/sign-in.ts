/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { claimsOf } from '../session.js';

/** Sign-in with a bearer token; the hub checks it on every request, this page only stores it. */
export function SignIn() {
  const { i18n, signIn } = useApp();
  const [error, setError] = useState<string | undefined>();
  const submit = (event: Event) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget as HTMLFormElement).get('token') ?? '').trim();
    if (!claimsOf(token)) return setError(i18n.t('tokenInvalid'));
    signIn(token);
  };
  return html`<form class="signin" onSubmit=${submit} novalidate>
    <h1>${i18n.t('signIn')}</h1>
    <label class=${error ? 'field invalid' : 'field'} data-field="token">
      <span class="label">${i18n.t('tokenLabel')}</span>
      <textarea name="token" rows="5" spellcheck=${false} autocomplete="off"></textarea>
      <small class="hint">${i18n.t('tokenHelp')}</small>
      ${error && html`<small class="field-error" role="alert" data-error-for="token">${error}</small>`}
    </label>
    <button type="submit" class="primary">${i18n.t('signIn')}</button>
  </form>`;
}
