import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { FieldError } from '../common/errors/validation-exception.factory.js';
import { SESSION_FORMATS, SESSION_KINDS } from '../sessions/session-vocabulary.js';
import type { ProgrammeQueryDto } from './programme.dto.js';

const oneOf = (field: string, values: readonly string[]) => (v: string) =>
  values.includes(v) ? undefined : `${field} must be one of the following values: ${values.join(', ')}`;

/** Each field's rule (the same as ProgrammeQueryDto's decorators say): undefined when the value passes. */
const RULES: Record<keyof ProgrammeQueryDto, (value: string) => string | undefined> = {
  day: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? undefined : 'day must be a date YYYY-MM-DD'),
  track: (v) => (v.length <= 64 ? undefined : 'track must be shorter than or equal to 64 characters'),
  format: oneOf('format', SESSION_FORMATS),
  kind: oneOf('kind', SESSION_KINDS),
  lang: oneOf('lang', ['zh', 'en']),
};

/**
 * The programme's query string, checked by a plain function: the rules of ProgrammeQueryDto
 * (unknown fields refused, as the global pipe's `forbidNonWhitelisted` does), 400
 * VALIDATION_FAILED naming each bad field. The programme is the hottest public read; this is its
 * parse without class-validator's reflection.
 */
export function parseProgrammeQuery(query: unknown): ProgrammeQueryDto {
  const out: Record<string, string> = {};
  const problems: FieldError[] = [];
  for (const [field, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const rule = (RULES as Record<string, ((v: string) => string | undefined) | undefined>)[field];
    if (!rule) problems.push({ field, messages: [`property ${field} should not exist`] });
    else if (typeof value !== 'string') problems.push({ field, messages: [`${field} must be a string`] });
    else {
      const message = rule(value);
      if (message) problems.push({ field, messages: [message] });
      else out[field] = value;
    }
  }
  if (problems.length) {
    throw new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '), problems);
  }
  return out as ProgrammeQueryDto;
}

@Injectable()
export class ProgrammeQueryPipe implements PipeTransform<unknown, ProgrammeQueryDto> {
  transform(value: unknown): ProgrammeQueryDto {
    return parseProgrammeQuery(value);
  }
}
