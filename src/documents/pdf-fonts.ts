import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

/**
 * CJK-capable text for every PDF the service makes (certificates, the abstract book).
 *
 * The font is Noto Sans SC (SIL Open Font License 1.1) from the npm package `@fontsource/noto-sans-sc`,
 * which ships it cut into files by Unicode range: `latin`, `latin-ext`, `cyrillic`, `vietnamese`,
 * `chinese-simplified` (the ~7,900 common simplified characters in one file) and about 100 numbered
 * files for the rest of the font (traditional and rare characters, symbols), with the ranges in its
 * `unicode.json`. A text is drawn as runs, each in the file that has its characters; a file is embedded
 * only when a document first uses it, and `subset: true` keeps only the glyphs the document draws, so a
 * one-page certificate stays small (docs/ARCHITECTURE.md gives the measured size).
 *
 * Usage:
 * ```ts
 * const doc = await PDFDocument.create();
 * const text = await PdfText.create(doc);                 // registers @pdf-lib/fontkit
 * text.draw(page, '张伟 Zhang Wei', { x: 60, y: 500, size: 20, weight: 'bold' });
 * text.widthOf('张伟', 20);                                // points, for centring and wrapping
 * text.wrap(abstract, 10, 400);                           // lines that fit 400 pt
 * text.missing('张伟');                                    // [] : characters no file of the font has
 * ```
 *
 * Files are WOFF (zlib): they are unpacked once per process with Node's zlib (`woffToSfnt`), because
 * fontkit's pure-JavaScript inflate takes seconds for the 1.5 MB Chinese file on every document, and
 * their glyphs are padded to even lengths so that fontkit's subsets stay readable (`evenGlyphs`).
 */
export type FontWeight = 'regular' | 'bold';

export interface DrawTextOptions {
  x: number;
  y: number;
  size: number;
  weight?: FontWeight;
  color?: Color;
}

/** A stretch of text drawn with one embedded font. */
export interface TextRun {
  text: string;
  font: PDFFont;
}

const WEIGHTS: Record<FontWeight, number> = { regular: 400, bold: 700 };
/** Tried first, in this order, before the numbered files of `unicode.json`. */
const PREFERRED = ['latin', 'chinese-simplified', 'latin-ext', 'vietnamese', 'cyrillic'] as const;

const require = createRequire(import.meta.url);

/**
 * WOFF 1.0 (W3C) → the SFNT (TrueType) it wraps: each table inflated with Node's zlib when stored
 * compressed. Glyphs are padded to an even length on the way (`evenGlyphs`).
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const numTables = woff.readUInt16BE(12);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const [offset, compLength, origLength] = [woff.readUInt32BE(entry + 4), woff.readUInt32BE(entry + 8), woff.readUInt32BE(entry + 12)];
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('corrupt WOFF table');
    tables.set(woff.toString('latin1', entry, entry + 4), data);
  }
  evenGlyphs(tables);
  return writeSfnt(woff.readUInt32BE(4), tables);
}

/**
 * Pads every glyph of a `glyf` table to an even length and rewrites `loca` in the long format.
 * fontkit's subsetter (in @pdf-lib/fontkit) copies glyphs as they are and then writes the short
 * `loca` format, which stores offsets halved: a glyph of odd length (Noto Sans SC has many, with a
 * long `loca`) shifts every later glyph of the subset by a byte, and they print as nothing.
 */
function evenGlyphs(tables: Map<string, Buffer>): void {
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (!head || !loca || !glyf) return;
  const long = head.readInt16BE(50) === 1;
  const count = loca.length / (long ? 4 : 2);
  const offsets = Array.from({ length: count }, (_, i) => (long ? loca.readUInt32BE(4 * i) : loca.readUInt16BE(2 * i) * 2));
  const parts: Buffer[] = [];
  const newLoca = Buffer.alloc(4 * count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    newLoca.writeUInt32BE(at, 4 * i);
    if (i === count - 1) break;
    const glyph = glyf.subarray(offsets[i], offsets[i + 1]);
    parts.push(glyph.length % 2 ? Buffer.concat([glyph, Buffer.alloc(1)]) : glyph);
    at += glyph.length + (glyph.length % 2);
  }
  const newHead = Buffer.from(head);
  newHead.writeInt16BE(1, 50);
  tables.set('head', newHead);
  tables.set('loca', newLoca);
  tables.set('glyf', Buffer.concat(parts));
}

/** An SFNT file from its tables (4-byte aligned, sorted by tag; checksums are not read by PDF viewers). */
function writeSfnt(flavor: number, tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const padded = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 16 * tags.length;
  const out = Buffer.alloc(tags.reduce((size, tag) => size + padded(tables.get(tag)!.length), headerSize));
  let searchRange = 1;
  let entrySelector = 0;
  while (searchRange * 2 <= tags.length) {
    searchRange *= 2;
    entrySelector++;
  }
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(tags.length, 4);
  out.writeUInt16BE(searchRange * 16, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(tags.length * 16 - searchRange * 16, 10);
  let offset = headerSize;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const entry = 12 + 16 * i;
    out.write(tag, entry, 'latin1');
    out.writeUInt32BE(checksum(data), entry + 4);
    out.writeUInt32BE(offset, entry + 8);
    out.writeUInt32BE(data.length, entry + 12);
    data.copy(out, offset);
    offset += padded(data.length);
  });
  return out;
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = Buffer.alloc(4);
    data.copy(word, 0, i, Math.min(i + 4, data.length));
    sum = (sum + word.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

/** The font package's files: which file draws a code point, and each file's unpacked bytes (cached per process). */
class FontFiles {
  private readonly ranges: { file: string; from: number; to: number }[] = [];
  private readonly bytes = new Map<string, Buffer>();
  private readonly coverage = new Map<string, Set<number>>();
  private readonly memo = new Map<number, string | undefined>();

  constructor() {
    const unicode = JSON.parse(readFileSync(require.resolve('@fontsource/noto-sans-sc/unicode.json'), 'utf8')) as Record<string, string>;
    const order = [...PREFERRED.filter((f) => f in unicode), ...Object.keys(unicode).filter((f) => !(PREFERRED as readonly string[]).includes(f))];
    for (const file of order) {
      for (const range of unicode[file].split(',')) {
        const [from, to = from] = range.trim().replace(/^U\+/i, '').split('-');
        this.ranges.push({ file: file.replace(/^\[(\d+)\]$/, '$1'), from: parseInt(from, 16), to: parseInt(to, 16) });
      }
    }
  }

  /** The unpacked file, e.g. `sfnt('chinese-simplified', 'bold')`. */
  sfnt(file: string, weight: FontWeight): Buffer {
    const key = `${file}-${WEIGHTS[weight]}`;
    let data = this.bytes.get(key);
    if (!data) {
      data = woffToSfnt(readFileSync(require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-${key}-normal.woff`)));
      this.bytes.set(key, data);
    }
    return data;
  }

  /** The code points a file's cmap maps (the package's ranges promise more than some files hold). */
  private covers(file: string, cp: number): boolean {
    let set = this.coverage.get(file);
    if (!set) {
      set = new Set(cmapCodePoints(this.sfnt(file, 'regular')));
      this.coverage.set(file, set);
    }
    return set.has(cp);
  }

  /** The file that draws this code point, or undefined when the font has no glyph for it. */
  fileFor(cp: number): string | undefined {
    if (this.memo.has(cp)) return this.memo.get(cp);
    // Latin first; the one Chinese file (no range given: its cmap decides); then the files whose range has it.
    const candidates = new Set(['latin', 'chinese-simplified', ...this.ranges.filter((r) => r.from <= cp && cp <= r.to).map((r) => r.file)]);
    const file = [...candidates].find((f) => this.covers(f, cp));
    this.memo.set(cp, file);
    return file;
  }
}

/** Every code point an SFNT's Unicode cmap maps (formats 4 and 12). */
export function cmapCodePoints(sfnt: Buffer): number[] {
  const numTables = sfnt.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const entry = 12 + 16 * i;
    if (sfnt.toString('latin1', entry, entry + 4) === 'cmap') cmap = sfnt.readUInt32BE(entry + 8);
  }
  if (cmap < 0) return [];
  const subtables = sfnt.readUInt16BE(cmap + 2);
  const points: number[] = [];
  const offsets = Array.from({ length: subtables }, (_, i) => cmap + sfnt.readUInt32BE(cmap + 4 + i * 8 + 4));
  const format12 = offsets.find((o) => sfnt.readUInt16BE(o) === 12);
  if (format12 !== undefined) {
    const groups = sfnt.readUInt32BE(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      for (let cp = sfnt.readUInt32BE(at); cp <= sfnt.readUInt32BE(at + 4); cp++) points.push(cp);
    }
    return points;
  }
  const format4 = offsets.find((o) => sfnt.readUInt16BE(o) === 4);
  if (format4 === undefined) return [];
  const segX2 = sfnt.readUInt16BE(format4 + 6);
  const ends = format4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2 / 2; s++) {
    const end = sfnt.readUInt16BE(ends + 2 * s);
    const start = sfnt.readUInt16BE(starts + 2 * s);
    const delta = sfnt.readInt16BE(deltas + 2 * s);
    const rangeOffset = sfnt.readUInt16BE(rangeOffsets + 2 * s);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      const glyph = rangeOffset === 0 ? (cp + delta) & 0xffff : glyphAt(sfnt, rangeOffsets + 2 * s + rangeOffset + 2 * (cp - start), delta);
      if (glyph !== 0) points.push(cp);
    }
  }
  return points;
}

function glyphAt(sfnt: Buffer, at: number, delta: number): number {
  const g = sfnt.readUInt16BE(at);
  return g === 0 ? 0 : (g + delta) & 0xffff;
}

let files: FontFiles | undefined;
const fontFiles = () => (files ??= new FontFiles());

/**
 * Text in one PDF document with Noto Sans SC: draws, measures and wraps strings in any mix of Chinese
 * and Latin script; embeds (subset) only the files the document uses.
 */
export class PdfText {
  private readonly embedded = new Map<string, Promise<PDFFont>>();
  private readonly ready = new Map<string, PDFFont>();

  private constructor(private readonly doc: PDFDocument) {}

  /** Registers fontkit on the document (pdf-lib needs it for embedded fonts). */
  static async create(doc: PDFDocument): Promise<PdfText> {
    const { default: fontkit } = await import('@pdf-lib/fontkit');
    doc.registerFontkit(fontkit);
    return new PdfText(doc);
  }

  /**
   * Embeds the files that `texts` need (call before drawing or measuring them; `draw`, `widthOf` and
   * `wrap` call it themselves through `runs`, synchronously, once the files are embedded).
   */
  async prepare(texts: readonly string[], weights: readonly FontWeight[] = ['regular', 'bold']): Promise<void> {
    const needed = new Set<string>();
    for (const text of texts) {
      for (const ch of text) {
        const file = fontFiles().fileFor(ch.codePointAt(0)!);
        if (file) needed.add(file);
      }
    }
    for (const weight of weights) {
      for (const file of needed) {
        const key = `${file}-${weight}`;
        if (!this.embedded.has(key)) {
          const embedding = this.doc.embedFont(fontFiles().sfnt(file, weight), { subset: true }).then((font) => {
            this.ready.set(key, font);
            return font;
          });
          this.embedded.set(key, embedding);
        }
        await this.embedded.get(key);
      }
    }
  }

  /** Characters of `text` that no file of the font can draw (they would print as an empty box). */
  missing(text: string): string[] {
    return [...new Set([...text].filter((ch) => !/\s/.test(ch) && fontFiles().fileFor(ch.codePointAt(0)!) === undefined))];
  }

  /** The text cut into runs of one embedded font each; throws when `prepare` did not embed a file it needs. */
  runs(text: string, weight: FontWeight = 'regular'): TextRun[] {
    const runs: TextRun[] = [];
    for (const ch of text) {
      const file = fontFiles().fileFor(ch.codePointAt(0)!);
      const last = runs[runs.length - 1];
      // A character no file has stays in the current run (its font draws the empty box for it).
      const font = file ? this.ready.get(`${file}-${weight}`) : (last?.font ?? this.ready.get(`latin-${weight}`));
      if (!font) throw new Error(`PdfText.prepare() did not embed the font for "${ch}" (${weight})`);
      if (last?.font === font) last.text += ch;
      else runs.push({ text: ch, font });
    }
    return runs;
  }

  /** The width of `text` at `size` points. */
  widthOf(text: string, size: number, weight: FontWeight = 'regular'): number {
    return this.runs(text, weight).reduce((width, run) => width + run.font.widthOfTextAtSize(run.text, size), 0);
  }

  /** Draws `text` on one line starting at (x, y), its baseline at y. Returns the width drawn. */
  draw(page: PDFPage, text: string, options: DrawTextOptions): number {
    let x = options.x;
    for (const run of this.runs(text, options.weight)) {
      page.drawText(run.text, { x, y: options.y, size: options.size, font: run.font, color: options.color });
      x += run.font.widthOfTextAtSize(run.text, options.size);
    }
    return x - options.x;
  }

  /** Draws `text` centred on `centreX`. */
  drawCentred(page: PDFPage, text: string, centreX: number, options: Omit<DrawTextOptions, 'x'>): void {
    this.draw(page, text, { ...options, x: centreX - this.widthOf(text, options.size, options.weight) / 2 });
  }

  /**
   * Lines of at most `maxWidth` points: breaks at spaces in Latin text and between any two CJK
   * characters (which need no space); a word longer than a line is cut.
   */
  wrap(text: string, size: number, maxWidth: number, weight: FontWeight = 'regular'): string[] {
    const lines: string[] = [];
    const fits = (line: string) => this.widthOf(line, size, weight) <= maxWidth;
    const flush = (line: string) => {
      let rest = [...line.trimEnd()];
      // Cut what is still too wide (one long word) character by character.
      while (rest.length > 1 && !fits(rest.join(''))) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut).join(''))) cut--;
        lines.push(rest.slice(0, cut).join(''));
        rest = rest.slice(cut);
      }
      lines.push(rest.join(''));
    };
    for (const paragraph of text.split(/\r?\n/)) {
      // Tokens: one CJK character, a run of other non-space characters (a word), or spaces.
      const tokens = paragraph.match(/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]+|\s+/gu) ?? [];
      let line = '';
      for (const token of tokens) {
        if (line.trim() === '') line = token.trimStart();
        else if (fits((line + token).trimEnd())) line += token;
        else {
          flush(line);
          line = token.trimStart();
        }
      }
      flush(line);
    }
    return lines;
  }

  /** The largest size ≤ `size` (down to `minSize`) at which `text` fits `maxWidth` on one line. */
  fitSize(text: string, size: number, maxWidth: number, minSize: number, weight: FontWeight = 'regular'): number {
    const width = this.widthOf(text, size, weight);
    return width <= maxWidth ? size : Math.max(minSize, Math.floor(((size * maxWidth) / width) * 4) / 4);
  }
}
