import type { ErrorCode } from '../../errors.js';

/** Where @nestjs/swagger keeps `ApiExtension` values of a handler (its DECORATORS.API_EXTENSION). */
const API_EXTENSION = 'swagger/apiExtension';
export const ERROR_CODES_EXTENSION = 'x-error-codes';

/**
 * Documents the error codes a route may answer with. The codes are kept on the operation as
 * `x-error-codes` (several `@ApiErrors` on one route add up); `buildOpenApiDocument` turns them
 * into responses grouped by status from the composed error catalog.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    const holder = descriptor.value as object;
    const previous = (Reflect.getMetadata(API_EXTENSION, holder) ?? {}) as Record<string, unknown>;
    const known = (previous[ERROR_CODES_EXTENSION] as string[] | undefined) ?? [];
    Reflect.defineMetadata(API_EXTENSION, { ...previous, [ERROR_CODES_EXTENSION]: [...new Set([...known, ...codes])] }, holder);
    return descriptor;
  };
}
