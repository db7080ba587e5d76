/** Deepest nesting of objects and arrays a request may send (the deepest DTO needs 4). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Characters no text input may hold: C0 controls other than tab, line feed and carriage return
 * (NUL included), DEL, C1 controls, the non-characters U+FFFE/U+FFFF and unpaired surrogates. XML
 * 1.0 cannot carry any of them, iCalendar and terminals misread them, and no name or title needs one.
 */
const isForbidden = (code: number) =>
  (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0xfffe ||
  code === 0xffff ||
  (code >= 0xd800 && code <= 0xdfff); // iterating by code points, a surrogate here is unpaired
// A quick test first (it also matches paired surrogates, which the exact walk then lets through).
// eslint-disable-next-line no-control-regex
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The first forbidden character of `text` as `U+0007`, or null. */
export function forbiddenCharacter(text: string): string | null {
  if (!MAYBE_FORBIDDEN.test(text)) return null;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (isForbidden(code)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

/** Removes what `forbiddenCharacter` refuses: for writers (XML, iCalendar) of text stored before the rule. */
export function withoutControlCharacters(text: string): string {
  if (!MAYBE_FORBIDDEN.test(text)) return text;
  let out = '';
  for (const char of text) if (!isForbidden(char.codePointAt(0)!)) out += char;
  return out;
}

export interface InputProblem {
  field: string;
  message: string;
}

/**
 * The first problem of a parsed request part (body, query or path parameters): nesting deeper than
 * `maxDepth`, or a key or string with a forbidden character. Walks with an explicit stack, so no
 * input can overflow the call stack; `field` is the dotted path (`title.en`, `relationships.0.company`).
 */
export function inputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const char = forbiddenCharacter(current);
      if (char) return { field: path || 'body', message: `must not contain control characters (found ${char})` };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { field: path || 'body', message: `is nested more than ${maxDepth} levels deep` };
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      const char = forbiddenCharacter(key);
      if (char) return { field: path || 'body', message: `has a key with control characters (found ${char})` };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}
