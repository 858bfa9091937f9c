import type { AgreementKind } from '@ketnoi/domain';
import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { TranslationsBody, toTranslations } from '../shared/party.body.js';
import { IsAgreementKind, IsThemes, IsTitleTranslations } from '../shared/terms.validators.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

/** Only the terms that change; the domain refuses an amendment that changes nothing. */
export class AmendTermsBody {
  @IsText(TEXT_RULES.title, { optional: true })
  title?: string;

  @IsTitleTranslations({ optional: true })
  titleTranslations?: TranslationsBody;

  @IsText(TEXT_RULES.longText, { optional: true })
  description?: string;

  @IsAgreementKind({ optional: true })
  kind?: AgreementKind;

  @IsText(TEXT_RULES.title, { optional: true })
  programme?: string;

  @IsThemes({ optional: true })
  themes?: string[];

  @IsCalendarDate({ optional: true })
  startDate?: string;

  @IsCalendarDate({ optional: true })
  endDate?: string;

  @IsText(TEXT_RULES.reason, { optional: true })
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
