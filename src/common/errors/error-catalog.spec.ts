import { defineErrors, ErrorCatalog } from './error-catalog.js';
import { COMMON_ERRORS } from './common.errors.js';

describe('ErrorCatalog', () => {
  const a = defineErrors({ module: 'a', codes: { A_TAKEN: { status: 409, description: 'taken' } }, constraints: { a_key: { code: 'A_TAKEN', message: 'taken' } }, generic: ['a_check'] });

  it('reads statuses and constraint codes from the composed modules', () => {
    const catalog = new ErrorCatalog([COMMON_ERRORS, a]);
    expect(catalog.status('A_TAKEN')).toBe(409);
    expect(catalog.status('NOT_FOUND')).toBe(404);
    expect(catalog.constraint('a_key')).toEqual({ code: 'A_TAKEN', message: 'taken', module: 'a' });
    expect(catalog.covers('a_check')).toBe(true);
    expect(catalog.covers('b_key')).toBe(false);
  });

  it('refuses a code declared by two modules, and a constraint mapped twice', () => {
    const twin = defineErrors({ module: 'b', codes: { A_TAKEN: { status: 409, description: 'again' } } });
    expect(() => new ErrorCatalog([COMMON_ERRORS, a, twin])).toThrow(/A_TAKEN is declared by both a and b/);
    const again = defineErrors({ module: 'c', codes: {}, generic: ['a_key'] });
    expect(() => new ErrorCatalog([COMMON_ERRORS, a, again])).toThrow(/a_key is mapped twice/);
  });

  it('knows only what was composed: a module left out of the list has no codes', () => {
    expect(new ErrorCatalog([COMMON_ERRORS]).has('A_TAKEN')).toBe(false);
  });
});
