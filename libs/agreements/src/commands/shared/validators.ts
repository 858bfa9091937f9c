import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  isISO31661Alpha2,
  IsISO31661Alpha2,
  isISO4217CurrencyCode,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateBy,
} from 'class-validator';
import { countryCodes, currencyCodes, NODE_ID_PATTERN, textRefusal, type TextRules } from '@ketnoi/domain';

/**
 * Field decorators shared by the command bodies: each one carries the validation of the edge and
 * its OpenAPI description together, so the two cannot drift apart.
 */
export type Options = { readonly optional?: boolean; readonly description?: string; readonly example?: unknown };

export const documented = (schema: ApiPropertyOptions, options: Options): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      ...schema,
      required: !options.optional,
      ...(options.description ? { description: options.description } : {}),
      ...(options.example === undefined ? {} : { example: options.example }),
    } as ApiPropertyOptions),
    ...(options.optional ? [IsOptional()] : []),
  );

/** Exact decimal as a string: no sign, no exponent, no trailing dot (`"13000000"`, `"2500000.50"`). */
export const DECIMAL_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/;
export const IsAmount = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ type: String, pattern: DECIMAL_PATTERN.source, example: '13000000' }, options),
    IsString({ message: '$property must be a decimal number written as a string, e.g. "2500000.50"' }),
    Matches(DECIMAL_PATTERN, {
      message: '$property must be a non-negative decimal string without sign or exponent, e.g. "2500000.50"',
    }),
  );

// The codes both checks accept (class-validator's list here, the domain's when the command is
// decided), upper-case: the document names exactly the values that pass. Lower case is accepted
// too and stored upper-case; the document shows the stored form.
const CURRENCY_CODES = currencyCodes().filter((code) => isISO4217CurrencyCode(code));
const COUNTRY_CODES = countryCodes().filter((code) => isISO31661Alpha2(code));

export const IsCurrency = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented(
      { enum: CURRENCY_CODES, enumName: 'CurrencyCode', example: 'USD', description: 'ISO 4217 currency code' },
      options,
    ),
    IsString({ message: '$property must be an ISO 4217 currency code such as "USD"' }),
    IsISO4217CurrencyCode({ message: '$property must be an ISO 4217 currency code such as "USD"' }),
  );

export const IsCountry = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented(
      { enum: COUNTRY_CODES, enumName: 'CountryCode', example: 'VN', description: 'ISO 3166-1 alpha-2 country code' },
      options,
    ),
    IsString({ message: '$property must be an ISO 3166-1 alpha-2 country code such as "VN"' }),
    IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code such as "VN"' }),
  );

export const IsNodeId = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ type: String, pattern: NODE_ID_PATTERN.source, example: 'org-koica' }, options),
    IsString({ message: '$property must be a node id such as "vn-hue"' }),
    Matches(NODE_ID_PATTERN, {
      message: '$property must be a node id: lower-case letters, digits and dashes, e.g. "vn-hue"',
    }),
  );

/** Calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
export const IsCalendarDate = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ type: String, format: 'date', example: '2021-01-01' }, options),
    IsString({ message: '$property must be a date written YYYY-MM-DD' }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsRealDate(),
  );

function IsRealDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isRealDate',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return true; // reported by Matches
        const date = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
      },
      defaultMessage: () => '$property must be a calendar date that exists',
    },
  });
}

/**
 * Free text under the domain's rules (TEXT_RULES: NFC first, then length; no control, bidi
 * override or invisible-only text), asked of the domain itself so that the edge cannot drift
 * from what `decide` accepts. A number is a plain length limit for tokens such as a media type.
 */
export const IsText = (rules: TextRules | number, options: Options = {}): PropertyDecorator => {
  const textRules = typeof rules === 'number' ? { max: rules } : rules;
  return applyDecorators(
    // minLength 1: the domain refuses empty text (after NFC and, for single-line text, trimming).
    documented({ type: String, minLength: 1, maxLength: textRules.max }, options),
    ValidateBy({
      name: 'isText',
      validator: {
        validate: (value: unknown) => textRefusal(value, textRules) === undefined,
        defaultMessage: (args) => `$property ${textRefusal(args?.value, textRules) ?? 'is not valid text'}`,
      },
    }),
  );
};

/** SHA-256 of a file, as 64 lower-case hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const IsSha256 = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented(
      { type: String, pattern: SHA256_PATTERN.source, minLength: 64, maxLength: 64, description: 'SHA-256 of the file, lower-case hex' },
      options,
    ),
    IsString({ message: '$property must be a SHA-256 digest: 64 lower-case hex digits' }),
    Matches(SHA256_PATTERN, { message: '$property must be a SHA-256 digest: 64 lower-case hex digits' }),
  );

/** A client-chosen id (UUID); when absent the server makes a UUIDv7. */
export const IsClientId = (options: Options = {}): PropertyDecorator =>
  applyDecorators(
    documented({ type: String, format: 'uuid' }, options),
    IsUUID('all', { message: '$property must be a UUID' }),
  );
