/// <reference lib="dom" />
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, OUTCOMES, type Agreement, type CommandPath, type FieldError } from '../api.js';
import { useApp } from '../app-context.js';
import { Field, FormErrors } from '../components/field.js';
import type { MessageKey } from '../i18n.js';
import type { ActionName, Offer } from '../lifecycle.js';

type Input =
  | {
      readonly name: string;
      readonly label: MessageKey;
      readonly type: 'text' | 'date' | 'textarea';
      readonly required?: boolean;
    }
  | {
      readonly name: string;
      readonly label: MessageKey;
      readonly type: 'select';
      readonly options: readonly string[];
    };

interface FormSpec {
  readonly label: MessageKey;
  readonly inputs: readonly Input[];
  /** The command's path; the milestone report's path names the milestone chosen in the form. */
  readonly path: (values: Record<string, string>) => CommandPath;
  /** Values that go in the path, not the body. */
  readonly pathOnly?: readonly string[];
}

const money = (agreement: Agreement): Input[] => [
  { name: 'amount', label: 'amount', type: 'text', required: true },
  { name: 'currency', label: 'currency', type: 'text', required: true },
  { name: 'donor', label: 'donor', type: 'select', options: agreement.parties.map((p) => p.nodeId) },
];

/** One form per command; field names are the hub's body fields, so problem+json errors land on them. */
function formFor(action: ActionName, agreement: Agreement, offer: Offer): FormSpec {
  switch (action) {
    case 'propose':
      return { label: 'propose', inputs: [], path: () => 'propose' };
    case 'countersign':
      return {
        label: 'countersign',
        inputs: [{ name: 'party', label: 'countersignFor', type: 'select', options: offer.countersignFor }],
        path: () => 'countersign',
      };
    case 'activate':
      return { label: 'activate', inputs: [], path: () => 'activate' };
    case 'commitFunding':
      return { label: 'commitFunding', inputs: money(agreement), path: () => 'funding' };
    case 'disburse':
      return { label: 'disburse', inputs: money(agreement), path: () => 'disbursements' };
    case 'planMilestone':
      return {
        label: 'planMilestone',
        inputs: [
          { name: 'title', label: 'title', type: 'text', required: true },
          { name: 'dueDate', label: 'dueDate', type: 'date', required: true },
        ],
        path: () => 'milestones',
      };
    case 'reportMilestone':
      return {
        label: 'reportMilestone',
        inputs: [
          {
            name: 'milestoneId',
            label: 'milestone',
            type: 'select',
            options: agreement.milestones.filter((m) => m.status === 'PLANNED').map((m) => m.milestoneId),
          },
          { name: 'outcome', label: 'outcome', type: 'select', options: OUTCOMES },
          { name: 'note', label: 'text', type: 'textarea' },
        ],
        path: (values) => `milestones/${encodeURIComponent(values.milestoneId ?? '')}/report`,
        pathOnly: ['milestoneId'],
      };
    case 'suspend':
      return {
        label: 'suspend',
        inputs: [{ name: 'reason', label: 'reason', type: 'textarea', required: true }],
        path: () => 'suspend',
      };
    case 'resume':
      return {
        label: 'resume',
        inputs: [{ name: 'reason', label: 'reason', type: 'textarea' }],
        path: () => 'resume',
      };
    case 'renew':
      return {
        label: 'renew',
        inputs: [
          { name: 'newEndDate', label: 'newEndDate', type: 'date', required: true },
          { name: 'reason', label: 'reason', type: 'textarea' },
        ],
        path: () => 'renew',
      };
    case 'complete':
      return {
        label: 'complete',
        inputs: [{ name: 'summary', label: 'summary', type: 'textarea' }],
        path: () => 'complete',
      };
    case 'terminate':
      return {
        label: 'terminate',
        inputs: [{ name: 'reason', label: 'reason', type: 'textarea', required: true }],
        path: () => 'terminate',
      };
    case 'recordNote':
      return {
        label: 'recordNote',
        inputs: [{ name: 'text', label: 'text', type: 'textarea', required: true }],
        path: () => 'notes',
      };
    default: {
      const unknown: never = action;
      throw new Error(`no form for ${String(unknown)}`);
    }
  }
}

/**
 * A command form. It sends the revision shown as `If-Match`: when someone else changed the
 * agreement meanwhile (409/412) the user is told and the page reloads with the current state,
 * keeping what was typed so the user can check and resend.
 */
export function ActionForm(props: {
  action: ActionName;
  agreement: Agreement;
  offer: Offer;
  onDone: (notice: string) => void;
  onStale: (notice: string) => void;
}) {
  const { api, i18n } = useApp();
  const spec = formFor(props.action, props.agreement, props.offer);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [detail, setDetail] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const values: Record<string, string> = {};
    for (const input of spec.inputs) {
      const value = String(data.get(input.name) ?? '');
      if (value !== '') values[input.name] = value;
    }
    const body = Object.fromEntries(
      Object.entries(values).filter(([name]) => !spec.pathOnly?.includes(name)),
    );
    setBusy(true);
    try {
      await api.command(props.agreement.agreementId, spec.path(values), body, props.agreement.revision);
      setErrors([]);
      setDetail(undefined);
      props.onDone(i18n.t('saved'));
    } catch (error) {
      if (error instanceof ApiError && error.stale) {
        props.onStale(i18n.t('staleRevision', { revision: error.problem.currentRevision ?? '?' }));
      } else if (error instanceof ApiError) {
        setErrors(error.problem.errors ?? []);
        setDetail(error.problem.errors?.length ? undefined : i18n.t('failed', { detail: error.message }));
      } else {
        setDetail(i18n.t('failed', { detail: (error as Error).message }));
      }
    } finally {
      setBusy(false);
    }
  };

  // Steps of the lifecycle (no fields to fill) stay open; forms with fields open on demand.
  return html`<details
    class="action"
    open=${spec.inputs.length === 0 || props.action === 'countersign' || errors.length > 0}
  >
    <summary>${i18n.t(spec.label)}</summary>
    <form data-action=${props.action} onSubmit=${submit} novalidate>
      ${spec.inputs.map(
        (input) =>
          html`<${Field} name=${input.name} label=${i18n.t(input.label)} errors=${errors}>
            ${
              input.type === 'select'
                ? html`<select name=${input.name}>
                    ${input.options.map((o) => html`<option value=${o}>${milestoneTitle(props.agreement, o)}</option>`)}
                  </select>`
                : input.type === 'textarea'
                  ? html`<textarea name=${input.name} rows="2"></textarea>`
                  : html`<input name=${input.name} type=${input.type} />`
            }
          <//>`,
      )}
      <${FormErrors} errors=${errors} shown=${spec.inputs.map((i) => i.name)} detail=${detail} />
      <button type="submit" disabled=${busy}>${i18n.t(spec.label)}</button>
    </form>
  </details>`;
}

/** Milestones are chosen by title; other options are shown as they are. */
function milestoneTitle(agreement: Agreement, option: string): string {
  return agreement.milestones.find((m) => m.milestoneId === option)?.title ?? option;
}
