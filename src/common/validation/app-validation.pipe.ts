import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';

/** Marks a DTO class whose route parses it by hand (a param pipe), so the global pipe leaves it alone. */
export const PARSED_BY_HAND = Symbol('parsedByHand');

/**
 * The global ValidationPipe (class-validator and class-transformer), except for DTOs marked
 * `[PARSED_BY_HAND]`: hot public reads (the programme) parse their few query fields with a plain
 * function in their own pipe, the same rules and the same 400 naming the field, without the
 * reflection class-validator costs on every request. The DTO class still documents the route.
 */
export class AppValidationPipe extends ValidationPipe {
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    const metatype = metadata.metatype as { [PARSED_BY_HAND]?: boolean } | undefined;
    if (metatype?.[PARSED_BY_HAND]) return false;
    return super.toValidate(metadata);
  }
}
