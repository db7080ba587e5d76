import type { ValidationError } from 'class-validator';
import { DomainError } from './domain-error.js';

export interface FieldError {
  field: string;
  messages: string[];
}

/** Flattens nested validation errors into `[{ field: 'title.en', messages: [...] }]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]) {
  const fields = flattenValidationErrors(errors);
  const summary = fields.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; ');
  return new DomainError('VALIDATION_FAILED', summary || 'Invalid input', fields);
}
