import { flattenValidationErrors, invalidRequest } from '@ketnoi/platform';
import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/** gRPC requests go through the very DTOs and options of the REST routes. */
export async function validateAs<T extends object>(
  type: Type<T>,
  plain: Record<string, unknown>,
): Promise<T> {
  const instance = plainToInstance(type, plain);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw invalidRequest(flattenValidationErrors(errors));
  return instance;
}
