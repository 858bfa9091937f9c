import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { invalidRequest, type FieldError } from './problem.js';

/**
 * Turns class-validator's error tree into one entry per bad field, with its path as the client
 * wrote it: `parties[1].country`, `amount`, `titleTranslations.vi`.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: path || 'body', message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

function joinPath(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/**
 * The global validation pipe. Unknown fields are refused (not silently dropped) so that a typo
 * in a field name never records an agreement without the value the client meant. A body must
 * be a JSON object: class-validator would otherwise accept an array or a bare value for a DTO
 * without required fields (`forbidUnknownValues` cannot be used, it refuses empty DTOs).
 */
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: false,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidRequest(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isObject =
      value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object && !isObject) {
      throw invalidRequest([{ field: 'body', message: 'body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export const createValidationPipe = (): ValidationPipe => new ProblemValidationPipe();
