import { forbiddenCharacter, inputProblem, MAX_INPUT_DEPTH, withoutControlCharacters } from './input-text.js';

describe('input text rule', () => {
  it.each(['\u0000', '\u0007', '\u001B[31m', '\u007F', '\u0085', '\u009B', '\uFFFE', '\uD800', 'a\uDC00b'])('refuses %j', (bad) => {
    expect(forbiddenCharacter(`name ${bad} here`)).toMatch(/^U\+[0-9A-F]{4}$/);
  });

  it('allows tab, line ends, Chinese, emoji (paired surrogates) and other non-ASCII text', () => {
    expect(forbiddenCharacter('李伟\tLi Wei\r\nline two 🎗️ Ünïcödé — ½')).toBeNull();
  });

  it('names the field with its path, keys included', () => {
    expect(inputProblem({ title: { en: 'ok', zh: 'bell\u0007' } })).toEqual({ field: 'title.zh', message: 'must not contain control characters (found U+0007)' });
    expect(inputProblem({ items: [{ a: 1 }, { b: 'x\u0085' }] })).toMatchObject({ field: 'items.1.b' });
    expect(inputProblem({ 'k\u0001': 1 })).toMatchObject({ field: 'body' });
    expect(inputProblem({ a: [1, 'two', null, true] })).toBeNull();
  });

  it('refuses nesting past the limit without recursion, even 100,000 levels deep', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inputProblem(deep)).toMatchObject({ message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = { x: ok };
    expect(inputProblem(ok)).toBeNull();
  });

  it('strips what it refuses, for writers of text stored before the rule', () => {
    expect(withoutControlCharacters('Zhang\u0007 Min\u0000 🎗️\t\n')).toBe('Zhang Min 🎗️\t\n');
  });
});
