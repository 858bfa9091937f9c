import type { AgreementKind, IsoDate, Money, NodeId, Party, Translations } from '@ketnoi/domain';

/** How far along its lifecycle the demo takes an agreement (each step implies the ones before). */
export type DemoStage = 'DRAFT' | 'PROPOSED' | 'SIGNED' | 'ACTIVE';

/**
 * One agreement of the demo data set, as the HTTP API takes it. `key` is stable forever: the
 * `Idempotency-Key` of every command derives from it, which makes `ketnoi demo` safe to re-run.
 */
export interface DemoAgreement {
  readonly key: string;
  /** Seed articles the facts come from, by the file names docs/design.md ("Demo data") lists. */
  readonly sources: readonly string[];
  readonly draft: {
    readonly title: string;
    readonly titleTranslations: Translations;
    readonly description?: string;
    readonly kind: AgreementKind;
    readonly programme?: string;
    readonly themes: readonly string[];
    /** The first party is the home: the node that drafts the agreement. */
    readonly parties: readonly Party[];
    readonly startDate?: IsoDate;
    readonly endDate?: IsoDate;
  };
  readonly funding?: readonly (Money & { readonly donor: NodeId; readonly committedOn?: IsoDate })[];
  readonly milestones?: readonly { readonly title: string; readonly dueDate: IsoDate }[];
  readonly stage: DemoStage;
  readonly activatedOn?: IsoDate;
}
