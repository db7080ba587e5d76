import Negotiator from 'negotiator';

/** A name or title in Chinese and/or English: `{ en: "…", zh: "…" }`, at least one. */
export interface LocalizedText {
  en?: string;
  zh?: string;
}

export type Lang = 'en' | 'zh';

/** Picks one language for places that show a single string (exports, iCal), falling back to the other. */
export function pick(text: LocalizedText | null | undefined, lang: Lang = 'en'): string {
  if (!text) return '';
  return (lang === 'zh' ? (text.zh ?? text.en) : (text.en ?? text.zh)) ?? '';
}

/** `?lang=` wins over `Accept-Language`; anything else is English. */
export function resolveLang(query?: string, acceptLanguage?: string): Lang {
  if (query === 'zh' || query === 'en') return query;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh' : 'en';
}

/**
 * The language an `Accept-Language` header prefers among ours, honouring q-values and regional
 * tags (`zh-CN,zh;q=0.9` → zh, `fr, en;q=0.5` → en), with jshttp's negotiator (Express's own);
 * undefined when it names neither.
 */
export function negotiateLang(acceptLanguage: string | undefined): Lang | undefined {
  if (!acceptLanguage) return undefined;
  const found = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language(['en', 'zh']);
  return found === 'en' || found === 'zh' ? found : undefined;
}
