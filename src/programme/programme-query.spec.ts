import { DomainError } from '../common/errors/domain-error.js';
import { parseProgrammeQuery } from './programme-query.js';

const fieldsOf = (query: Record<string, unknown>) => {
  try {
    parseProgrammeQuery(query);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return ((error as DomainError).details as { field: string }[]).map((d) => d.field);
  }
};

describe('the programme query, parsed without class-validator', () => {
  it('passes the fields it knows, as given', () => {
    expect(parseProgrammeQuery({})).toEqual({});
    expect(parseProgrammeQuery(undefined)).toEqual({});
    expect(parseProgrammeQuery({ day: '2025-09-11', track: 'LEU', format: 'online', kind: 'lecture', lang: 'zh' })).toEqual({
      day: '2025-09-11',
      track: 'LEU',
      format: 'online',
      kind: 'lecture',
      lang: 'zh',
    });
  });

  it('names every bad field: wrong values, repeated values, unknown fields', () => {
    expect(fieldsOf({ day: '11/09/2025' })).toEqual(['day']);
    expect(fieldsOf({ format: 'carrier-pigeon', lang: 'fr' })).toEqual(['format', 'lang']);
    expect(fieldsOf({ kind: 'party' })).toEqual(['kind']);
    expect(fieldsOf({ track: 'x'.repeat(65) })).toEqual(['track']);
    expect(fieldsOf({ track: ['a', 'b'] })).toEqual(['track']);
    expect(fieldsOf({ sort: 'title' })).toEqual(['sort']);
  });
});
