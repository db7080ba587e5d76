import type { RGB } from 'pdf-lib';
import { PdfText, type FontWeight } from '../documents/pdf-fonts.js';
import { credits, type PrintedCertificate } from './certificate-content.js';

/** Images printed on a certificate: the edition's logo and each signatory's signature (PNG), by position. */
export interface CertificateImages {
  logo: Buffer | null;
  signatures: (Buffer | null)[];
}

/** Landscape A4, in points. */
export const PAGE = { width: 841.89, height: 595.28 } as const;

const ATTENDANCE = { in_person: { zh: '现场', en: 'in person' }, online: { zh: '线上', en: 'online' } } as const;

/**
 * The certificate: one landscape A4 page, Chinese and English throughout (Noto Sans SC through
 * `PdfText`, subset per document), drawn only from `printed` (what the verification route answers)
 * and the images. Layout, top to bottom: logo, edition and QR code; the heading; the name in every
 * script stored; attendance with place and dates; the designation statement, credit category and
 * activity number; the credits in total and per session; signatures; issue date and code.
 */
export async function renderCertificate(c: PrintedCertificate, images: CertificateImages): Promise<Uint8Array> {
  // pdf-lib, fontkit and qrcode load on the first certificate, not at start-up.
  const [{ PDFDocument, rgb }, QRCode] = await Promise.all([import('pdf-lib'), import('qrcode')]);
  const doc = await PDFDocument.create();
  doc.setTitle(`CME certificate ${c.code} · 继续医学教育学分证书`);
  doc.setSubject(c.verificationUrl);
  doc.setCreator('congress-backend');
  const text = await PdfText.create(doc);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const ink = rgb(0.1, 0.1, 0.12);
  const muted = rgb(0.35, 0.35, 0.4);
  const accent = rgb(0.55, 0.1, 0.12);

  const zh = (t: { zh?: string; en?: string }) => t.zh ?? t.en ?? '';
  const en = (t: { zh?: string; en?: string }) => t.en ?? t.zh ?? '';
  const statementZh = zh(c.statement);
  const statementEn = en(c.statement);
  const rows = c.sessions.map((s) => [s.date, zh(s.title) === en(s.title) ? en(s.title) : `${zh(s.title)} ${en(s.title)}`, credits(s.hours), `${ATTENDANCE[s.attendance].zh} ${ATTENDANCE[s.attendance].en}`]);
  const strings = [
    ...c.name,
    zh(c.edition),
    en(c.edition),
    c.place,
    zh(c.dates),
    en(c.dates),
    statementZh,
    statementEn,
    zh(c.creditCategory),
    en(c.creditCategory),
    zh(c.accreditingBody),
    en(c.accreditingBody),
    zh(c.provider),
    en(c.provider),
    c.activityNumber,
    c.verificationUrl,
    c.code,
    c.issuedOn,
    ...rows.flat(),
    ...c.signatories.flatMap((s) => [zh(s.name), en(s.name), zh(s.title), en(s.title)]),
    '继续医学教育学分证书 Certificate of Continuing Medical Education Credit 兹证明 This is to certify that 参加了 attended 于 in',
    '授予学分类别 Credit category 项目编号 Activity number 认证机构 Accredited by 主办单位 Provider 获得学分 Credits awarded 最高 maximum',
    '日期 Date 课程 Session 学分 Credits 参加方式 Attendance 签发日期 Issued on 证书编号 Certificate code 扫码验证 Scan to verify … 0123456789.,:;()/-–',
  ];
  await text.prepare(strings);

  const centre = PAGE.width / 2;
  const line = (s: string, y: number, size: number, weight: FontWeight = 'regular', color: RGB = ink, maxWidth = 640) =>
    text.drawCentred(page, s, centre, { y, size: text.fitSize(s, size, maxWidth, 5, weight), weight, color });

  // Frame.
  page.drawRectangle({ x: 18, y: 18, width: PAGE.width - 36, height: PAGE.height - 36, borderColor: accent, borderWidth: 2.5 });
  page.drawRectangle({ x: 25, y: 25, width: PAGE.width - 50, height: PAGE.height - 50, borderColor: accent, borderWidth: 0.6 });

  // Logo (top left) and QR code (top right).
  if (images.logo) {
    const logo = await doc.embedPng(images.logo);
    const scale = Math.min(110 / logo.width, 70 / logo.height);
    page.drawImage(logo, { x: 45, y: 555 - logo.height * scale, width: logo.width * scale, height: logo.height * scale });
  }
  const qr = await doc.embedPng(await QRCode.toBuffer(c.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 }));
  page.drawImage(qr, { x: PAGE.width - 45 - 84, y: 471, width: 84, height: 84 });
  const urlLines = text.wrap(c.verificationUrl, 5, 175);
  urlLines.forEach((l, i) => text.draw(page, l, { x: PAGE.width - 45 - text.widthOf(l, 5), y: 463 - i * 7, size: 5, color: muted }));
  text.draw(page, '扫码验证 Scan to verify', { x: PAGE.width - 45 - text.widthOf('扫码验证 Scan to verify', 6.5), y: 463 - urlLines.length * 7 - 2, size: 6.5, color: muted });

  // Edition and heading.
  line(zh(c.edition), 538, 15, 'bold', ink, 520);
  if (en(c.edition) !== zh(c.edition)) line(en(c.edition), 521, 10.5, 'regular', muted, 520);
  line('继续医学教育学分证书', 486, 24, 'bold', accent);
  line('Certificate of Continuing Medical Education Credit', 464, 13, 'regular', accent);
  line('兹证明 This is to certify that', 440, 9.5, 'regular', muted);

  // The name, as stored, in each script.
  let y = 410;
  c.name.forEach((n, i) => {
    line(n, y, i === 0 ? 24 : 16, 'bold', ink, 600);
    y -= i === 0 ? 24 : 20;
  });
  y -= 2;
  line(`参加了 ${zh(c.edition)}（${c.place}，${zh(c.dates)}）`, y, 9.5, 'regular', ink, 720);
  y -= 13;
  line(`attended ${en(c.edition)}, ${c.place}, ${en(c.dates)}`, y, 9.5, 'regular', ink, 720);
  y -= 18;

  // Designation statement, category, activity number, accreditor and provider.
  for (const [s, size] of [
    [statementZh, 8.5],
    [statementEn, 8],
  ] as const) {
    for (const l of text.wrap(s, size, 700)) {
      line(l, y, size, 'regular', ink, 700);
      y -= size + 3;
    }
  }
  y -= 2;
  line(`授予学分类别 Credit category: ${zh(c.creditCategory)} / ${en(c.creditCategory)} · 项目编号 Activity number: ${c.activityNumber}`, y, 8, 'regular', ink, 720);
  y -= 11;
  line(`认证机构 Accredited by: ${zh(c.accreditingBody)} / ${en(c.accreditingBody)} · 主办单位 Provider: ${zh(c.provider)} / ${en(c.provider)}`, y, 7.5, 'regular', muted, 720);
  y -= 17;
  line(`获得学分 Credits awarded: ${credits(c.totalCredits)}（最高 maximum ${credits(c.maxCredits)}）`, y, 12, 'bold', accent);
  y -= 8;

  // Credits per session: date, title, hours, attendance; the rows shrink to fit above the signatures.
  const table = { x: 90, width: PAGE.width - 180, bottom: 118 };
  const columns = [0, 62, table.width - 140, table.width - 85];
  const available = y - table.bottom;
  const rowHeight = Math.max(6.5, Math.min(10.5, available / (rows.length + 1)));
  const size = Math.max(5, rowHeight - 3);
  const header = ['日期 Date', '课程 Session', '学分 Credits', '参加方式 Attendance'];
  const drawRow = (cells: string[], rowY: number, weight: FontWeight, color: RGB) => {
    cells.forEach((cell, i) => {
      const width = (columns[i + 1] ?? table.width) - columns[i] - 6;
      let s = cell;
      while (s.length > 1 && text.widthOf(s, size, weight) > width) s = `${[...s].slice(0, -2).join('')}…`;
      text.draw(page, s, { x: table.x + columns[i], y: rowY, size, weight, color });
    });
  };
  y -= rowHeight;
  drawRow(header, y, 'bold', muted);
  page.drawLine({ start: { x: table.x, y: y - 2.5 }, end: { x: table.x + table.width, y: y - 2.5 }, thickness: 0.5, color: muted });
  for (const row of rows) {
    y -= rowHeight;
    drawRow(row, y, 'regular', ink);
  }

  // Signatures: image above a line, name and title below; up to three across the page.
  const slots = c.signatories.length;
  for (let i = 0; i < slots; i++) {
    const s = c.signatories[i];
    const cx = slots === 1 ? centre : 170 + (i * (PAGE.width - 340)) / (slots - 1);
    const signature = images.signatures[i];
    if (signature) {
      const image = await doc.embedPng(signature);
      const scale = Math.min(130 / image.width, 34 / image.height);
      page.drawImage(image, { x: cx - (image.width * scale) / 2, y: 74, width: image.width * scale, height: image.height * scale });
    }
    page.drawLine({ start: { x: cx - 75, y: 71 }, end: { x: cx + 75, y: 71 }, thickness: 0.6, color: ink });
    const who = zh(s.name) === en(s.name) ? en(s.name) : `${zh(s.name)} ${en(s.name)}`;
    const title = zh(s.title) === en(s.title) ? en(s.title) : `${zh(s.title)} ${en(s.title)}`;
    text.drawCentred(page, who, cx, { y: 61, size: text.fitSize(who, 8.5, 170, 5, 'bold'), weight: 'bold', color: ink });
    text.drawCentred(page, title, cx, { y: 51, size: text.fitSize(title, 7, 170, 4.5), color: muted });
  }

  // Issue date and code.
  text.draw(page, `签发日期 Issued on: ${c.issuedOn}`, { x: 45, y: 34, size: 7.5, color: muted });
  const codeLine = `证书编号 Certificate code: ${c.code}`;
  text.draw(page, codeLine, { x: PAGE.width - 45 - text.widthOf(codeLine, 7.5), y: 34, size: 7.5, color: muted });
  return doc.save();
}
