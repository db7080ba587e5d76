import type { LocalizedText } from '../common/i18n/localized-text.js';

/** One session on a certificate: its local date, title, credit hours and how the attendee took part. */
export interface PrintedSession {
  date: string;
  title: LocalizedText;
  hours: number;
  attendance: 'in_person' | 'online';
}

/**
 * What a CME certificate prints, kept with it at issue (`cme_certificates.printed`): the PDF is drawn
 * from it and the public verification route answers with it, so the paper and the check never differ.
 */
export interface PrintedCertificate {
  code: string;
  verificationUrl: string;
  /** The attendee's name as stored, one line per script where both exist (Chinese first). */
  name: string[];
  edition: LocalizedText;
  place: string;
  dates: LocalizedText;
  accreditingBody: LocalizedText;
  provider: LocalizedText;
  activityNumber: string;
  creditCategory: LocalizedText;
  /** The designation statement, `{credits}` filled with the maximum credits. */
  statement: LocalizedText;
  maxCredits: number;
  totalCredits: number;
  sessions: PrintedSession[];
  signatories: { name: LocalizedText; title: LocalizedText }[];
  /** The issue date, local to the edition (YYYY-MM-DD). */
  issuedOn: string;
}

const HAN = /[\u2E80-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]/u;

/**
 * The name lines: a profile's Chinese and English names when it has both (Chinese first), otherwise
 * the one stored name exactly as it is (it may itself mix both scripts).
 */
export function nameLines(accountName: string, profile?: LocalizedText | null): string[] {
  const zh = profile?.zh?.trim();
  const en = profile?.en?.trim();
  if (zh && en && zh !== en) return [zh, en];
  return [zh || en || accountName.trim()];
}

/** True when the text holds a Chinese character. */
export const hasHan = (text: string) => HAN.test(text);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An edition's dates in both languages: `2025年9月10日至14日`, `10–14 September 2025` (months and years differing are spelled out). */
export function printedDates(startsOn: string, endsOn: string): LocalizedText {
  const [y1, m1, d1] = startsOn.split('-').map(Number);
  const [y2, m2, d2] = endsOn.split('-').map(Number);
  const zhEnd = y1 !== y2 ? `${y2}年${m2}月${d2}日` : m1 !== m2 ? `${m2}月${d2}日` : `${d2}日`;
  const zh = startsOn === endsOn ? `${y1}年${m1}月${d1}日` : `${y1}年${m1}月${d1}日至${zhEnd}`;
  const en =
    startsOn === endsOn
      ? `${d1} ${MONTHS[m1 - 1]} ${y1}`
      : y1 !== y2
        ? `${d1} ${MONTHS[m1 - 1]} ${y1} – ${d2} ${MONTHS[m2 - 1]} ${y2}`
        : m1 !== m2
          ? `${d1} ${MONTHS[m1 - 1]} – ${d2} ${MONTHS[m2 - 1]} ${y1}`
          : `${d1}–${d2} ${MONTHS[m1 - 1]} ${y1}`;
  return { zh, en };
}

/** Credits as printed: at most two decimals, no trailing zeros (`6.5`, `12`, `0.25`). */
export const credits = (n: number) => String(Math.round(n * 100) / 100);

/** The statement templates with `{credits}` filled in. */
export function fillStatement(template: LocalizedText, maxCredits: number): LocalizedText {
  const fill = (s?: string) => s?.replaceAll('{credits}', credits(maxCredits));
  return { zh: fill(template.zh), en: fill(template.en) };
}

/** The public verification URL of a code under the service's public base URL. */
export const verificationUrl = (publicBaseUrl: string, code: string) => `${publicBaseUrl.replace(/\/+$/, '')}/api/v1/certificates/${encodeURIComponent(code)}`;
