import Handlebars from 'handlebars';
import { pick, type Lang, type LocalizedText } from '../common/i18n/localized-text.js';

/**
 * Message templates, one per notification and language (`en`, `zh`): the recipient reads the
 * subject and body in their account's language (`users.preferred_language`), and bilingual values
 * (titles, the edition's name) in that language, falling back to the other one. Handlebars escapes
 * every `{{value}}` in the HTML part by default (titles, notes and names come from users); the
 * plain-text part is not markup and is rendered unescaped.
 */
const hb = Handlebars.create();
const langOf = (options: Handlebars.HelperOptions): Lang => (options.data?.root?.lang === 'zh' ? 'zh' : 'en');
hb.registerHelper('t', (text: LocalizedText | string | null | undefined, options: Handlebars.HelperOptions) =>
  typeof text === 'string' ? text : text ? pick(text, langOf(options)) : '',
);
/** Words of our own vocabulary (presentation types, registration modes) in the reader's language. */
const WORDS: Record<string, Record<Lang, string>> = {
  oral: { en: 'oral', zh: '口头报告' },
  poster: { en: 'poster', zh: '壁报交流' },
  in_person: { en: 'in-person', zh: '现场参会' },
  online: { en: 'online', zh: '线上参会' },
};
hb.registerHelper('word', (key: unknown, options: Handlebars.HelperOptions) => (typeof key === 'string' ? (WORDS[key]?.[langOf(options)] ?? key) : ''));

interface Template {
  subject: string;
  body: string;
}

/** Every notification the service sends, in both languages (a spec checks that none is missing). */
export const TEMPLATES: Record<string, Record<Lang, Template>> = {
  'submission.submitted': {
    en: {
      subject: 'Submission received: {{t title}}',
      body: 'We received your submission "{{t title}}" to {{t eventTitle}}. Reviewers will score it; we will write again when it is decided.',
    },
    zh: {
      subject: '投稿已收到：{{t title}}',
      body: '我们已收到您投给{{t eventTitle}}的稿件“{{t title}}”。评审专家将对其评分，结果确定后我们会再次通知您。',
    },
  },
  'submission.accepted': {
    en: {
      subject: 'Accepted: {{t title}}',
      body: 'Your submission "{{t title}}" to {{t eventTitle}} was accepted{{#if presentation}} for {{word presentation}} presentation{{/if}}.{{#if note}} Note from the committee: {{note}}{{/if}} Please confirm that you will present it.',
    },
    zh: {
      subject: '录用通知：{{t title}}',
      body: '您投给{{t eventTitle}}的稿件“{{t title}}”已被录用{{#if presentation}}，交流形式为{{word presentation}}{{/if}}。{{#if note}}委员会意见：{{note}}。{{/if}}请确认您将到会报告。',
    },
  },
  'submission.rejected': {
    en: {
      subject: 'Decision on your submission: {{t title}}',
      body: 'We are sorry: your submission "{{t title}}" to {{t eventTitle}} was not accepted.{{#if note}} Note from the committee: {{note}}{{/if}}',
    },
    zh: {
      subject: '投稿评审结果：{{t title}}',
      body: '很遗憾，您投给{{t eventTitle}}的稿件“{{t title}}”未被录用。{{#if note}}委员会意见：{{note}}{{/if}}',
    },
  },
  'submission.scheduled': {
    en: {
      subject: 'Scheduled: {{t title}}',
      body: 'Your talk "{{t title}}" is in the session "{{t sessionTitle}}" of {{t eventTitle}}, from {{startsAt}} to {{endsAt}}.',
    },
    zh: {
      subject: '日程已安排：{{t title}}',
      body: '您的报告“{{t title}}”已安排在{{t eventTitle}}的“{{t sessionTitle}}”专场，时间为{{startsAt}}至{{endsAt}}。',
    },
  },
  'registration.promoted': {
    en: {
      subject: 'Your registration is confirmed',
      body: 'A place became free: your {{word mode}} registration is now confirmed. Your ticket is in your account.',
    },
    zh: {
      subject: '您的注册已确认',
      body: '有名额空出，您的{{word mode}}注册现已确认。电子票可在您的账户中查看。',
    },
  },
  'session_seat.promoted': {
    en: {
      subject: 'A seat is now yours',
      body: 'A seat became free in a session you were waiting for: it is now reserved for you. Your agenda shows it.',
    },
    zh: {
      subject: '您已获得座位',
      body: '您候补的专场有座位空出，现已为您保留，可在您的日程中查看。',
    },
  },
};

const FALLBACK: Record<Lang, Template> = {
  en: { subject: 'Notification: {{template}}', body: 'You have a new notification ({{template}}).' },
  zh: { subject: '通知：{{template}}', body: '您有一条新通知（{{template}}）。' },
};

const SIGNATURE: Record<Lang, string> = { en: '— The congress secretariat', zh: '—— 大会秘书处' };

const compiled = new Map<string, { subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }>();

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** The message `template` with `payload`, in `lang` (the recipient's preferred language). */
export function renderNotification(template: string, payload: Record<string, unknown>, lang: Lang = 'en'): RenderedMessage {
  const key = `${template}:${lang}`;
  let c = compiled.get(key);
  if (!c) {
    const t = (TEMPLATES[template] ?? FALLBACK)[lang];
    c = {
      subject: hb.compile(t.subject, { noEscape: true, strict: false }),
      html: hb.compile(`<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"></head><body><p>${t.body}</p><p>${SIGNATURE[lang]}</p></body></html>`),
      text: hb.compile(`${t.body}\n\n${SIGNATURE[lang]}\n`, { noEscape: true }),
    };
    compiled.set(key, c);
  }
  const data = { ...payload, template, lang };
  // Header values: no line breaks (nodemailer encodes the rest).
  return { subject: c.subject(data).replace(/[\r\n]+/g, ' ').slice(0, 250), html: c.html(data), text: c.text(data) };
}
