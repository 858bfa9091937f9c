import type { AgreementKind } from '@ketnoi/domain';
import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { TranslationsBody, toTranslations } from '../shared/party.body.js';
import { IsAgreementKind, IsThemes, IsTitleTranslations } from '../shared/terms.validators.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';

/** Only the terms that change; the domain refuses an amendment that changes nothing. */
export class AmendTermsBody {
  @IsText(300, { optional: true })
  title?: string;

  @IsTitleTranslations({ optional: true })
  titleTranslations?: TranslationsBody;

  @IsText(10_000, { optional: true })
  description?: string;

  @IsAgreementKind({ optional: true })
  kind?: AgreementKind;

  @IsText(300, { optional: true })
  programme?: string;

  @IsThemes({ optional: true })
  themes?: string[];

  @IsCalendarDate({ optional: true })
  startDate?: string;

  @IsCalendarDate({ optional: true })
  endDate?: string;

  @IsText(2000, { optional: true })
  reason?: string;
}

export const amendTerms = defineCommandSlice({
  path: 'amend',
  rpc: 'AmendTerms',
  summary: 'Amend the terms (title, kind, programme, themes, dates)',
  body: AmendTermsBody,
  params: AgreementParams,
  // Protobuf cannot tell an empty repeated field from an absent one, hence `replaceThemes`.
  fromGrpc: ({ replaceThemes, themes, ...rest }) =>
    replaceThemes || (Array.isArray(themes) && themes.length > 0) ? { ...rest, themes: themes ?? [] } : rest,
  toCommand: (body) => ({
    type: 'AmendTerms',
    data: defined({
      ...body,
      titleTranslations: body.titleTranslations ? toTranslations(body.titleTranslations) : undefined,
    }),
  }),
});
