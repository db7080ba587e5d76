import { createCanvas } from '@napi-rs/canvas';

/** A small signature as SVG (a pen stroke), base64. */
export const signatureSvg = (stroke = '#1b2a4a') =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="260" height="68" viewBox="0 0 260 68"><path d="M8 50 C 30 5, 55 70, 80 30 S 120 8, 140 44 S 190 60, 205 22 S 240 30, 252 40" stroke="${stroke}" stroke-width="3" fill="none" stroke-linecap="round"/></svg>`,
  ).toString('base64');

/** A logo as PNG (a red disc with a white cross), base64. */
export function logoPng(size = 120): string {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#8c1a1f';
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2 - 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(size * 0.42, size * 0.2, size * 0.16, size * 0.6);
  ctx.fillRect(size * 0.2, size * 0.42, size * 0.6, size * 0.16);
  return canvas.toBuffer('image/png').toString('base64');
}

/** A complete accreditation body for `PUT /events/:id/cme/accreditation`. */
export function accreditationBody(overrides: Record<string, unknown> = {}) {
  return {
    accreditingBody: { zh: '国家卫生健康委员会继续医学教育委员会', en: 'National Continuing Medical Education Committee' },
    provider: { zh: '中国临床肿瘤学会', en: 'Chinese Society of Clinical Oncology' },
    activityNumber: '2025-03-01-017(国)',
    creditCategory: { zh: '国家级继续医学教育项目 I类学分', en: 'National CME Project, Class I credits' },
    statement: {
      zh: '本活动经国家继续医学教育委员会批准为国家级继续医学教育项目，最多授予{credits}学分。',
      en: 'This activity has been approved as a national continuing medical education project and is designated for a maximum of {credits} Class I credits.',
    },
    logo: { contentType: 'image/png', data: logoPng() },
    signatories: [
      { name: { zh: '李进', en: 'Li Jin' }, title: { zh: '大会主席', en: 'Congress President' }, signature: { contentType: 'image/svg+xml', data: signatureSvg() } },
      { name: { zh: '程颖', en: 'Cheng Ying' }, title: { zh: '学术委员会主任', en: 'Chair, Scientific Committee' }, signature: { contentType: 'image/svg+xml', data: signatureSvg('#3a1b4a') } },
    ],
    ...overrides,
  };
}
