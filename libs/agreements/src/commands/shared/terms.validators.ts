import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, ValidateNested } from 'class-validator';
import { AGREEMENT_KINDS } from '@ketnoi/domain';
import { TranslationsBody } from './party.body.js';
import { documented, type Options } from './validators.js';

/** The agreement's terms as a draft states them and an amendment changes them: one rule each. */
export const IsTitleTranslations = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ type: TranslationsBody }, options),
    IsObject({ message: '$property must be an object with vi, en, fr' }),
    ValidateNested(),
    Type(() => TranslationsBody),
  );

const KIND_MESSAGE = '$property must be one of ' + AGREEMENT_KINDS.join(', ');
export const IsAgreementKind = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ enum: AGREEMENT_KINDS }, options),
    IsString({ message: KIND_MESSAGE }),
    IsIn(AGREEMENT_KINDS, { message: KIND_MESSAGE }),
  );

export const IsThemes = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ type: [String], maxItems: 50 }, options),
    IsArray({ message: '$property must be an array of strings' }),
    IsString({ each: true, message: 'each of $property must be a string' }),
    ArrayMaxSize(50),
  );
