import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, rgb } from 'pdf-lib';
import { pdfLines, renderPdfPage } from '../../test/support/pdf.js';
import { cmapCodePoints, PdfText, woffToSfnt } from './pdf-fonts.js';

const require = createRequire(import.meta.url);

async function onePage(lines: { text: string; weight?: 'regular' | 'bold' }[]) {
  const doc = await PDFDocument.create();
  const text = await PdfText.create(doc);
  await text.prepare(lines.map((l) => l.text));
  const page = doc.addPage([595.28, 841.89]);
  lines.forEach((l, i) => text.draw(page, l.text, { x: 40, y: 780 - i * 40, size: 18, weight: l.weight, color: rgb(0, 0, 0) }));
  return { bytes: await doc.save(), text };
}

describe('PdfText (Noto Sans SC, subset per document)', () => {
  it('prints Chinese, English and mixed names that pdf.js reads back exactly', async () => {
    const names = ['张伟', 'Zhang Wei', '张伟 Zhang Wei', '王芳（北京协和医院）', '張偉 繁體 齣', 'José Müller-Lüdenscheidt', '李娜: 1.5 h, I类学分'];
    const { bytes } = await onePage(names.map((text, i) => ({ text, weight: i % 2 ? 'bold' : 'regular' })));
    expect(await pdfLines(bytes)).toEqual(names);
  });

  it('embeds only the glyphs used: a page of a name stays small; the whole Chinese file would be megabytes', async () => {
    const { bytes } = await onePage([{ text: '张伟 Zhang Wei' }, { text: '中国临床肿瘤学会 CSCO', weight: 'bold' }]);
    expect(bytes.length).toBeLessThan(40_000);
    const whole = woffToSfnt(readFileSync(require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff')));
    expect(whole.length).toBeGreaterThan(2_000_000);
  });

  it('draws visible ink for Chinese (not empty boxes or nothing)', async () => {
    const { bytes } = await onePage([{ text: '张伟' }]);
    const page = await renderPdfPage(bytes, 1, 1);
    // The name's area (x 40–80, y 780 from the bottom) holds dark pixels.
    let dark = 0;
    for (let y = 841 - 800; y < 841 - 775; y++) for (let x = 40; x < 80; x++) if (page.rgba[(y * page.width + x) * 4] < 128) dark++;
    expect(dark).toBeGreaterThan(40);
  });

  it('unpacks WOFF the way the font declares: every code point of the Chinese file maps to a glyph', () => {
    const sfnt = woffToSfnt(readFileSync(require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff')));
    const points = new Set(cmapCodePoints(sfnt));
    expect(points.size).toBeGreaterThan(7000);
    for (const ch of '张伟中国临床肿瘤学会继续医学教育学分') expect(points.has(ch.codePointAt(0)!)).toBe(true);
    expect(() => woffToSfnt(Buffer.from('not a font at all, really'))).toThrow('not a WOFF file');
  });

  it('measures, wraps Chinese between characters and English at spaces, fits sizes, and names what it cannot print', async () => {
    const doc = await PDFDocument.create();
    const text = await PdfText.create(doc);
    const zh = '本活动经国家继续医学教育委员会批准为国家级继续医学教育项目，授予一类学分';
    const en = 'This activity has been approved for national Class I continuing medical education credits';
    await text.prepare([zh, en]);
    expect(text.widthOf('张伟', 10)).toBeCloseTo(20, 0); // a CJK character is one em wide
    const zhLines = text.wrap(zh, 10, 100);
    expect(zhLines.join('')).toBe(zh);
    for (const line of zhLines) expect(text.widthOf(line, 10)).toBeLessThanOrEqual(100);
    const enLines = text.wrap(en, 10, 150);
    expect(enLines.join(' ')).toBe(en);
    expect(enLines.length).toBeGreaterThan(2);
    for (const line of enLines) expect(text.widthOf(line, 10)).toBeLessThanOrEqual(150);
    expect(text.fitSize(en, 20, 300, 8)).toBeLessThan(20);
    expect(text.fitSize('Short', 20, 300, 8)).toBe(20);
    expect(text.missing('张伟 Zhang')).toEqual([]);
    expect(text.missing('张\u{1F9EC} Łódź')).toEqual(['\u{1F9EC}', 'Ł', 'ź']); // this build of the font lacks Ł and ź
    expect(() => text.runs('齣', 'regular')).toThrow(/prepare\(\) did not embed/);
  });
});
