import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/**
 * A schema that admits null and nothing else, under OpenAPI 3.0 (whose `nullable` takes effect
 * only beside a `type`).
 */
export const NULL_ONLY = { type: 'object', nullable: true, enum: [null] };

/**
 * A property holding a `model` or null. OpenAPI 3.0 cannot make a `$ref` nullable in place
 * (`nullable` beside `allOf: [$ref]` still has to pass the referenced schema, whose `type` refuses
 * null), so it is `anyOf: [$ref, NULL_ONLY]`: ajv's OpenAPI mode accepts null and the model, and
 * openapi-typescript generates `Model | null`. Optional unless `required` says so.
 */
export function ApiNullableRef(model: Type, options: { required?: boolean; description?: string } = {}): PropertyDecorator {
  return (target, key) => {
    ApiExtraModels(model)(target.constructor as Type);
    ApiProperty({ required: options.required ?? false, ...(options.description ? { description: options.description } : {}), anyOf: [{ $ref: getSchemaPath(model) }, NULL_ONLY] })(target, key);
  };
}
