import { renderNotification } from './templates.js';

describe('notification templates', () => {
  it('escapes user-supplied values in the HTML part', () => {
    const m = renderNotification('submission.accepted', {
      title: { en: '<script>alert("x")</script> & CAR-T', zh: '细胞治疗' },
      eventTitle: { en: 'Annual Meeting' },
      presentation: 'oral',
      note: '<img src=x onerror=alert(1)>',
    });
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; CAR-T / 细胞治疗');
    expect(m.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(m.html).not.toMatch(/<script|<img/);
    expect(m.text).toContain('accepted for oral presentation');
    expect(m.subject).toBe('Accepted: <script>alert("x")</script> & CAR-T / 细胞治疗');
  });

  it('strips line breaks from the subject and renders unknown templates', () => {
    expect(renderNotification('submission.submitted', { title: { en: 'a\r\nBcc: x@y' } }).subject).toBe('Submission received: a Bcc: x@y');
    expect(renderNotification('other.thing', {}).subject).toBe('Notification: other.thing');
  });
});
