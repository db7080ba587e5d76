import Handlebars from 'handlebars';
import { pick, type LocalizedText } from '../common/i18n/localized-text.js';

/**
 * Message templates. Handlebars escapes every `{{value}}` in the HTML part by default (titles,
 * notes and names come from users); the plain-text part is not markup and is rendered unescaped.
 */
const hb = Handlebars.create();
hb.registerHelper('t', (text: LocalizedText | string | null | undefined) =>
  typeof text === 'string' ? text : text ? [pick(text, 'en'), text.zh && text.en ? text.zh : ''].filter(Boolean).join(' / ') : '',
);

interface Template {
  subject: string;
  body: string;
}

const TEMPLATES: Record<string, Template> = {
  'submission.submitted': {
    subject: 'Submission received: {{t title}}',
    body: 'We received your submission "{{t title}}" to {{t eventTitle}}. Reviewers will score it; we will write again when it is decided.',
  },
  'submission.accepted': {
    subject: 'Accepted: {{t title}}',
    body: 'Your submission "{{t title}}" to {{t eventTitle}} was accepted{{#if presentation}} for {{presentation}} presentation{{/if}}.{{#if note}} Note from the committee: {{note}}{{/if}} Please confirm that you will present it.',
  },
  'submission.rejected': {
    subject: 'Decision on your submission: {{t title}}',
    body: 'We are sorry: your submission "{{t title}}" to {{t eventTitle}} was not accepted.{{#if note}} Note from the committee: {{note}}{{/if}}',
  },
  'submission.scheduled': {
    subject: 'Scheduled: {{t title}}',
    body: 'Your talk "{{t title}}" is in the session "{{t sessionTitle}}" of {{t eventTitle}}, from {{startsAt}} to {{endsAt}}.',
  },
};

const FALLBACK: Template = { subject: 'Notification: {{template}}', body: 'You have a new notification ({{template}}).' };

const compiled = new Map<string, { subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }>();

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

export function renderNotification(template: string, payload: Record<string, unknown>): RenderedMessage {
  let c = compiled.get(template);
  if (!c) {
    const t = TEMPLATES[template] ?? FALLBACK;
    c = {
      subject: hb.compile(t.subject, { noEscape: true, strict: false }),
      html: hb.compile(`<!doctype html><html><body><p>${t.body}</p><p>— The congress secretariat</p></body></html>`),
      text: hb.compile(`${t.body}\n\n— The congress secretariat\n`, { noEscape: true }),
    };
    compiled.set(template, c);
  }
  const data = { ...payload, template };
  // Header values: no line breaks (nodemailer encodes the rest).
  return { subject: c.subject(data).replace(/[\r\n]+/g, ' ').slice(0, 250), html: c.html(data), text: c.text(data) };
}
