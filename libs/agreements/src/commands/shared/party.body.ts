import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { LANGUAGES, PARTY_ROLES, type Party, type PartyRole, type Translations, TEXT_RULES } from '@ketnoi/domain';
import { IsCountry, IsNodeId, IsText } from './validators.js';

export class PartyBody {
  @IsNodeId({ example: 'vn-hue' })
  nodeId!: string;

  @IsText(TEXT_RULES.name, { example: "Thừa Thiên Huế Provincial People's Committee" })
  name!: string;

  @ApiProperty({ enum: PARTY_ROLES })
  @IsString({ message: '$property must be one of ' + PARTY_ROLES.join(', ') })
  @IsIn(PARTY_ROLES, { message: '$property must be one of ' + PARTY_ROLES.join(', ') })
  role!: PartyRole;

  @IsCountry()
  country!: string;
}

export const toParty = (body: PartyBody): Party => ({
  nodeId: body.nodeId,
  name: body.name,
  role: body.role,
  country: body.country,
});

/** Title in the hub's languages; `vi`, `en`, `fr` only (see LANGUAGES in the domain). */
export class TranslationsBody {
  @IsText(TEXT_RULES.title, { optional: true }) vi?: string;
  @IsText(TEXT_RULES.title, { optional: true }) en?: string;
  @IsText(TEXT_RULES.title, { optional: true }) fr?: string;
}

export const toTranslations = (body: TranslationsBody): Translations =>
  Object.fromEntries(
    LANGUAGES.flatMap((language) => (body[language] === undefined ? [] : [[language, body[language]]])),
  );
