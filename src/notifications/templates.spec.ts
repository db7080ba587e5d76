import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES, renderNotification } from './templates.js';

/** Every template name the sources send: `template: '…'`, `notify(em, …, '…')` and the promotion function's SQL. */
function sentTemplates(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
  for (const file of walk('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/template: '([a-z_]+\.[a-z_]+)'/g)) names.add(m[1]);
    for (const m of text.matchAll(/notify\(em, [^)]*?'([a-z_]+\.[a-z_]+)'(?: : '([a-z_]+\.[a-z_]+)')?/g)) [m[1], m[2]].filter(Boolean).forEach((n) => names.add(n));
    for (const m of text.matchAll(/recipient, template, payload\)\s+SELECT [^']*'([a-z_]+\.[a-z_]+)'/g)) names.add(m[1]);
  }
  return names;
}

describe('notification templates', () => {
  it('has every notification the service sends in English and Chinese', () => {
    const sent = sentTemplates();
    expect([...sent].sort()).toEqual(['registration.promoted', 'session_seat.promoted', 'submission.accepted', 'submission.rejected', 'submission.scheduled', 'submission.submitted']);
    for (const name of sent) {
      expect(Object.keys(TEMPLATES[name] ?? {}).sort()).toEqual(['en', 'zh']);
      // Both languages use the same values.
      const fields = (s: string) => [...s.matchAll(/\{\{[#/]?(?:t |word |if )?(\w+)/g)].map((m) => m[1]).sort();
      expect(fields(TEMPLATES[name].zh.body + TEMPLATES[name].zh.subject)).toEqual(fields(TEMPLATES[name].en.body + TEMPLATES[name].en.subject));
    }
  });

  it('writes subject and body in the reader language, bilingual values in it too', () => {
    const payload = { title: { en: 'CAR-T in lymphoma', zh: 'CAR-T治疗淋巴瘤' }, eventTitle: { en: 'CSCO Annual Meeting', zh: 'CSCO学术年会' }, presentation: 'oral' };
    const zh = renderNotification('submission.accepted', payload, 'zh');
    expect(zh.subject).toBe('录用通知：CAR-T治疗淋巴瘤');
    expect(zh.text).toContain('您投给CSCO学术年会的稿件“CAR-T治疗淋巴瘤”已被录用，交流形式为口头报告。');
    expect(zh.text).toContain('大会秘书处');
    expect(zh.html).toContain('lang="zh-CN"');
    const en = renderNotification('submission.accepted', payload, 'en');
    expect(en.subject).toBe('Accepted: CAR-T in lymphoma');
    expect(en.text).toContain('to CSCO Annual Meeting was accepted for oral presentation.');
    // A value missing in the reader's language falls back to the other.
    expect(renderNotification('submission.submitted', { title: { en: 'Only English' } }, 'zh').subject).toBe('投稿已收到：Only English');
    expect(renderNotification('registration.promoted', { mode: 'online' }, 'zh').text).toContain('您的线上参会注册现已确认');
  });

  it('escapes user-supplied values in the HTML part', () => {
    const m = renderNotification('submission.accepted', {
      title: { en: '<script>alert("x")</script> & CAR-T', zh: '细胞治疗' },
      eventTitle: { en: 'Annual Meeting' },
      presentation: 'oral',
      note: '<img src=x onerror=alert(1)>',
    });
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; CAR-T');
    expect(m.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(m.html).not.toMatch(/<script|<img/);
    expect(m.text).toContain('accepted for oral presentation');
    expect(m.subject).toBe('Accepted: <script>alert("x")</script> & CAR-T');
  });

  it('strips line breaks from the subject and renders unknown templates', () => {
    expect(renderNotification('submission.submitted', { title: { en: 'a\r\nBcc: x@y' } }).subject).toBe('Submission received: a Bcc: x@y');
    expect(renderNotification('other.thing', {}).subject).toBe('Notification: other.thing');
    expect(renderNotification('other.thing', {}, 'zh').subject).toBe('通知：other.thing');
  });
});
