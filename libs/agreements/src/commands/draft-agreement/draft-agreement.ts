import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import type { AgreementKind } from '@ketnoi/domain';
import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { PartyBody, TranslationsBody, toParty, toTranslations } from '../shared/party.body.js';
import { IsAgreementKind, IsThemes, IsTitleTranslations } from '../shared/terms.validators.js';
import { IsCalendarDate, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

/** The drafting node must be one of the parties (it becomes the home): vn-hue in the example. */
const DRAFT_PARTIES_EXAMPLE = [
  { nodeId: 'vn-hue', name: "Thừa Thiên Huế Provincial People's Committee", role: 'PROVINCE', country: 'VN' },
  { nodeId: 'org-koica', name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
];

export class DraftAgreementBody {
  @IsText(TEXT_RULES.title, { example: 'Huế smart culture and tourism city' })
  title!: string;

  @IsTitleTranslations({ optional: true })
  titleTranslations?: TranslationsBody;

  @IsText(TEXT_RULES.longText, { optional: true })
  description?: string;

  @IsAgreementKind({ example: 'GRANT' })
  kind!: AgreementKind;

  @IsText(TEXT_RULES.title, { optional: true, example: 'KOICA Vietnam country programme' })
  programme?: string;

  @IsThemes({ optional: true, example: ['smart-city', 'tourism'] })
  themes?: string[];

  @ApiProperty({ type: [PartyBody], minItems: 2, maxItems: 100, example: DRAFT_PARTIES_EXAMPLE })
  @IsArray({ message: '$property must be an array of parties' })
  // The domain's rule (TOO_FEW_PARTIES), checked here too so that the document can say it.
  @ArrayMinSize(2, { message: '$property must name at least two parties' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartyBody)
  parties!: PartyBody[];

  @IsCalendarDate({ optional: true })
  startDate?: string;

  @IsCalendarDate({ optional: true, example: '2025-12-31' })
  endDate?: string;
}

export const draftAgreement = defineCommandSlice({
  path: '',
  rpc: 'Draft',
  summary: 'Draft an agreement (this node becomes its home)',
  body: DraftAgreementBody,
  params: AgreementParams,
  creates: true,
  toCommand: (body, { agreementId }) => ({
    type: 'DraftAgreement',
    data: defined({
      agreementId,
      title: body.title,
      titleTranslations: body.titleTranslations ? toTranslations(body.titleTranslations) : undefined,
      description: body.description,
      kind: body.kind,
      programme: body.programme,
      themes: body.themes,
      parties: body.parties.map(toParty),
      startDate: body.startDate,
      endDate: body.endDate,
    }),
  }),
});
