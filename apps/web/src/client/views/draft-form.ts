/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, KINDS, ROLES, type DraftBody, type FieldError } from '../api.js';
import { useApp } from '../app-context.js';
import { Field, FormErrors } from '../components/field.js';

interface PartyRow {
  nodeId: string;
  name: string;
  role: string;
  country: string;
}

const emptyParty = (): PartyRow => ({ nodeId: '', name: '', role: 'CITY', country: '' });

/**
 * A new agreement. Text goes to the hub exactly as typed (Vietnamese diacritics included; only
 * surrounding spaces are trimmed), and the hub's problem+json errors appear under the fields they
 * name, including party rows (`parties[1].country`).
 */
export function DraftForm() {
  const { api, i18n, claims, navigate } = useApp();
  const [parties, setParties] = useState<PartyRow[]>(() => [
    { ...emptyParty(), nodeId: claims?.node ?? '' },
    { ...emptyParty(), role: 'DONOR' },
  ]);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [detail, setDetail] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const setParty = (index: number, key: keyof PartyRow) => (event: Event) => {
    const value = (event.target as HTMLInputElement).value;
    setParties(parties.map((party, i) => (i === index ? { ...party, [key]: value } : party)));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => {
      const value = String(form.get(name) ?? '').trim();
      return value === '' ? undefined : value;
    };
    const titleEn = text('titleEn');
    const body: DraftBody = {
      title: text('title') ?? '',
      ...(titleEn ? { titleTranslations: { vi: text('title'), en: titleEn } } : {}),
      description: text('description'),
      kind: text('kind') ?? '',
      programme: text('programme'),
      themes: (text('themes') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      parties: parties.map((p) => ({
        nodeId: p.nodeId.trim(),
        name: p.name.trim(),
        role: p.role,
        country: p.country.trim().toUpperCase(),
      })),
      startDate: text('startDate'),
      endDate: text('endDate'),
    };
    setBusy(true);
    try {
      const accepted = await api.draft(body);
      navigate(`/agreements/${encodeURIComponent(accepted.agreementId)}`);
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      setErrors(problem?.errors ?? []);
      setDetail(problem?.errors?.length ? undefined : i18n.t('failed', { detail: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const partyFields = parties.flatMap((_, i) =>
    ['nodeId', 'name', 'role', 'country'].map((k) => `parties[${i}].${k}`),
  );
  const shown = [
    'title',
    'titleTranslations.en',
    'description',
    'kind',
    'programme',
    'themes',
    'parties',
    'startDate',
    'endDate',
    ...partyFields,
  ];

  return html`<form class="draft" onSubmit=${submit} novalidate>
    <h1>${i18n.t('newAgreement')}</h1>
    <${Field} name="title" label=${i18n.t('titleVi')} errors=${errors}><input name="title" lang="vi" /><//>
    <${Field} name="titleTranslations.en" label=${i18n.t('titleEn')} errors=${errors}
      ><input name="titleEn" lang="en"
    /><//>
    <${Field} name="description" label=${i18n.t('description')} errors=${errors}>
      <textarea name="description" rows="3"></textarea>
    <//>
    <div class="row">
      <${Field} name="kind" label=${i18n.t('kind')} errors=${errors}>
        <select name="kind">
          ${KINDS.map((k) => html`<option value=${k}>${k}</option>`)}
        </select><//
      >
      <${Field} name="programme" label=${i18n.t('programme')} errors=${errors}><input name="programme" /><//>
      <${Field} name="themes" label=${i18n.t('themes')} errors=${errors} hint=${i18n.t('themesHelp')}
        ><input name="themes"
      /><//>
    </div>
    <div class="row">
      <${Field} name="startDate" label=${i18n.t('startDate')} errors=${errors}
        ><input name="startDate" type="date"
      /><//>
      <${Field} name="endDate" label=${i18n.t('endDate')} errors=${errors}
        ><input name="endDate" type="date"
      /><//>
    </div>
    <fieldset>
      <legend>${i18n.t('parties')}</legend>
      <${Field} name="parties" label="" errors=${errors}><span></span><//>
      ${parties.map(
        (party, i) =>
          html`<div class="row party" data-party-index=${i}>
            <${Field} name=${`parties[${i}].nodeId`} label=${i18n.t('nodeId')} errors=${errors}>
              <input
                name=${`party-${i}-nodeId`}
                value=${party.nodeId}
                placeholder="vn-hue"
                onInput=${setParty(i, 'nodeId')}
            /><//>
            <${Field} name=${`parties[${i}].name`} label=${i18n.t('name')} errors=${errors}>
              <input name=${`party-${i}-name`} value=${party.name} lang="vi" onInput=${setParty(i, 'name')}
            /><//>
            <${Field} name=${`parties[${i}].role`} label=${i18n.t('role')} errors=${errors}>
              <select name=${`party-${i}-role`} onChange=${setParty(i, 'role')}>
                ${ROLES.map((r) => html`<option value=${r} selected=${party.role === r}>${r}</option>`)}
              </select><//
            >
            <${Field} name=${`parties[${i}].country`} label=${i18n.t('country')} errors=${errors}>
              <input
                name=${`party-${i}-country`}
                value=${party.country}
                placeholder="VN"
                maxlength="2"
                onInput=${setParty(i, 'country')}
            /><//>
            ${
              parties.length > 1 &&
              html`<button
                type="button"
                class="link"
                onClick=${() => setParties(parties.filter((_, j) => j !== i))}
              >
                ${i18n.t('removeParty')}
              </button>`
            }
          </div>`,
      )}
      <button type="button" onClick=${() => setParties([...parties, emptyParty()])}>
        ${i18n.t('addParty')}
      </button>
    </fieldset>
    <${FormErrors} errors=${errors} shown=${shown} detail=${detail} />
    <button type="submit" class="primary" disabled=${busy}>${i18n.t('draft')}</button>
  </form>`;
}
