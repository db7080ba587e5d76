import { PDFDocument, degrees, rgb, type PDFPage } from 'pdf-lib';
import type { Lang } from '../common/i18n/localized-text.js';
import { PdfText, type FontWeight } from '../documents/pdf-fonts.js';

/** An author of an abstract as printed: the name, one affiliation, the disclosure statement. */
export interface BookAuthor {
  /** Stable key for the author index (the speaker profile id). */
  key: string;
  name: string;
  /** How the index sorts the name (e.g. the Latin name, or pinyin order for Chinese). */
  sortName: string;
  affiliation: string | null;
  disclosure: string;
}

export interface BookAbstract {
  /** The talk id. */
  id: string;
  /** "Oral abstract · Oral · 10:00–10:08 · Hall A". */
  label: string;
  title: string;
  abstract: string;
  authors: BookAuthor[];
}

export interface BookSession {
  title: string;
  /** "2025-09-11 10:00–11:00 · Hall A". */
  when: string;
  abstracts: BookAbstract[];
}

export interface BookTrack {
  title: string;
  sessions: BookSession[];
}

export interface BookInput {
  lang: Lang;
  title: string;
  /** City, venue and dates. */
  subtitle: string;
  /** A draft for organisers: every page says so. */
  draft: boolean;
  /** "Abstracts released 2025-09-01" or "Draft of 2025-08-20 10:00". */
  edition: string;
  tracks: BookTrack[];
}

/** Where things ended up: page numbers (1 = the cover), as printed. */
export interface BookLayout {
  pages: number;
  /** The first page of each track and session (tracks[i], sessions by "i.j"). */
  tocPages: { title: string; page: number; level: 0 | 1 }[];
  /** The page each abstract starts on, by talk id. */
  abstractPages: Map<string, number>;
  /** The author index as printed: name → pages. */
  index: { name: string; pages: number[] }[];
}

const LABELS: Record<Lang, Record<'book' | 'contents' | 'index' | 'disclosures' | 'draft' | 'authors', string>> = {
  en: { book: 'Abstract Book', contents: 'Contents', index: 'Author index', disclosures: 'Disclosures', draft: 'DRAFT — not for distribution', authors: 'Authors' },
  zh: { book: '论文摘要集', contents: '目录', index: '作者索引', disclosures: '利益冲突声明', draft: '草稿 — 请勿分发', authors: '作者' },
};

// A4 in points.
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 56;
const TOP = HEIGHT - MARGIN;
const BOTTOM = MARGIN + 20;
const TEXT_WIDTH = WIDTH - 2 * MARGIN;
const GREY = rgb(0.35, 0.35, 0.35);
const RED = rgb(0.75, 0.1, 0.1);
const TOC_LINE = 16;
const TOC_PER_PAGE = Math.floor((TOP - 40 - BOTTOM) / TOC_LINE);
const INDEX_LINE = 13;

/**
 * The abstract book as a PDF (pdf-lib, Noto Sans SC subset through `PdfText`): a cover, the table
 * of contents (tracks and their sessions with page numbers), the abstracts grouped by track then
 * session in programme order (each with its presentation type, time and room, its authors with
 * their affiliation and their disclosure statements), and an index of authors with the pages of
 * their abstracts. Page numbers are the PDF's own (the cover is page 1). Pure: the caller gives
 * the content already cut by the embargo. `onProgress(done, total)` reports laid-out abstracts.
 */
export async function buildAbstractBook(input: BookInput, onProgress?: (done: number, total: number) => void): Promise<{ pdf: Uint8Array; layout: BookLayout }> {
  const L = LABELS[input.lang];
  const doc = await PDFDocument.create();
  doc.setTitle(`${input.title} — ${L.book}`);
  doc.setLanguage(input.lang === 'zh' ? 'zh-CN' : 'en');
  doc.setCreator('congress-backend');
  const text = await PdfText.create(doc);
  const all: string[] = [input.title, input.subtitle, input.edition, ...Object.values(L), '0123456789 .,·–—:;()[]…DRAFT'];
  for (const t of input.tracks) {
    all.push(t.title);
    for (const s of t.sessions) {
      all.push(s.title, s.when);
      for (const a of s.abstracts) {
        all.push(a.label, a.title, a.abstract);
        for (const au of a.authors) all.push(au.name, au.affiliation ?? '', au.disclosure);
      }
    }
  }
  await text.prepare(all);

  // Cover.
  const cover = doc.addPage([WIDTH, HEIGHT]);
  const coverTitle = text.wrap(input.title, 26, TEXT_WIDTH, 'bold');
  let y = HEIGHT * 0.62;
  for (const line of coverTitle) {
    text.drawCentred(cover, line, WIDTH / 2, { y, size: 26, weight: 'bold' });
    y -= 34;
  }
  text.drawCentred(cover, L.book, WIDTH / 2, { y: y - 10, size: 20 });
  text.drawCentred(cover, input.subtitle, WIDTH / 2, { y: y - 50, size: 12, color: GREY });
  text.drawCentred(cover, input.edition, WIDTH / 2, { y: y - 70, size: 10, color: GREY });

  // The table of contents' pages come next; their number is known before the abstracts are laid out.
  const tocEntries = input.tracks.reduce((n, t) => n + 1 + t.sessions.length, 0);
  const tocPageCount = Math.max(1, Math.ceil(tocEntries / TOC_PER_PAGE));
  const tocPages = Array.from({ length: tocPageCount }, () => doc.addPage([WIDTH, HEIGHT]));

  // The abstracts.
  const layout: BookLayout = { pages: 0, tocPages: [], abstractPages: new Map(), index: [] };
  const authorPages = new Map<string, { name: string; sortName: string; pages: Set<number> }>();
  let page: PDFPage = cover;
  const newPage = () => {
    page = doc.addPage([WIDTH, HEIGHT]);
    y = TOP;
  };
  const pageNo = () => doc.getPageCount();
  const lines = (s: string, size: number, weight: FontWeight = 'regular', indent = 0) => text.wrap(s, size, TEXT_WIDTH - indent, weight);
  const write = (ls: string[], size: number, o: { weight?: FontWeight; color?: typeof GREY; indent?: number; gap?: number } = {}) => {
    const lead = size * 1.35;
    for (const line of ls) {
      if (y - lead < BOTTOM) newPage();
      y -= lead;
      text.draw(page, line, { x: MARGIN + (o.indent ?? 0), y, size, weight: o.weight, color: o.color });
    }
    y -= o.gap ?? 0;
  };
  const total = input.tracks.reduce((n, t) => n + t.sessions.reduce((m, s) => m + s.abstracts.length, 0), 0);
  let done = 0;
  for (const track of input.tracks) {
    newPage();
    layout.tocPages.push({ title: track.title, page: pageNo(), level: 0 });
    write(lines(track.title, 18, 'bold'), 18, { weight: 'bold', gap: 8 });
    for (const session of track.sessions) {
      const head = lines(session.title, 13, 'bold');
      // A session heading never ends a page: it goes with its first abstract's heading.
      if (y - (head.length * 13 + 12 + 60) * 1.35 < BOTTOM) newPage();
      layout.tocPages.push({ title: session.title, page: pageNo(), level: 1 });
      write(head, 13, { weight: 'bold' });
      write([session.when], 9, { color: GREY, gap: 8 });
      for (const a of session.abstracts) {
        const title = lines(a.title, 11, 'bold');
        const authors = lines(a.authors.map((au) => (au.affiliation ? `${au.name} (${au.affiliation})` : au.name)).join('; '), 9, 'regular');
        // Keep the label, title and authors together with the first lines of the text.
        if (y - (9 + title.length * 11 + authors.length * 9 + 30) * 1.35 < BOTTOM) newPage();
        layout.abstractPages.set(a.id, pageNo());
        for (const au of a.authors) {
          const entry = authorPages.get(au.key) ?? { name: au.name, sortName: au.sortName, pages: new Set<number>() };
          entry.pages.add(pageNo());
          authorPages.set(au.key, entry);
        }
        write([a.label], 8.5, { color: GREY });
        write(title, 11, { weight: 'bold' });
        write(authors, 9, { gap: 3 });
        write(lines(a.abstract, 9.5), 9.5, { gap: 3 });
        const disclosures = a.authors.map((au) => `${au.name}: ${au.disclosure}`).join('; ');
        if (disclosures) write(lines(`${L.disclosures}: ${disclosures}`, 8, 'regular'), 8, { color: GREY });
        y -= 12;
        if (++done % 100 === 0 || done === total) onProgress?.(done, total);
      }
      y -= 6;
    }
  }

  // The author index.
  newPage();
  write([L.index], 18, { weight: 'bold', gap: 8 });
  const collator = new Intl.Collator(input.lang === 'zh' ? 'zh-Hans-CN-u-co-pinyin' : 'en', { sensitivity: 'base', numeric: true });
  const entries = [...authorPages.values()].sort((a, b) => collator.compare(a.sortName, b.sortName) || collator.compare(a.name, b.name));
  for (const e of entries) {
    const pages = [...e.pages].sort((a, b) => a - b);
    layout.index.push({ name: e.name, pages });
    if (y - INDEX_LINE < BOTTOM) newPage();
    y -= INDEX_LINE;
    const numbers = pages.join(', ');
    const right = WIDTH - MARGIN - text.widthOf(numbers, 9);
    const nameWidth = text.draw(page, e.name, { x: MARGIN, y, size: 9 });
    // Dot leaders between the name and its pages.
    const dotWidth = text.widthOf(' .', 9);
    const dots = Math.max(1, Math.floor((right - MARGIN - nameWidth - 6) / dotWidth));
    text.draw(page, ' .'.repeat(dots), { x: MARGIN + nameWidth + 2, y, size: 9, color: GREY });
    text.draw(page, numbers, { x: right, y, size: 9 });
  }

  // The table of contents, now that the pages are known.
  layout.tocPages.forEach((entry, i) => {
    const p = tocPages[Math.floor(i / TOC_PER_PAGE)];
    const row = i % TOC_PER_PAGE;
    if (row === 0) text.draw(p, L.contents, { x: MARGIN, y: TOP - 18, size: 18, weight: 'bold' });
    const yy = TOP - 40 - (row + 1) * TOC_LINE;
    const weight: FontWeight = entry.level === 0 ? 'bold' : 'regular';
    const indent = entry.level === 0 ? 0 : 14;
    const numbers = String(entry.page);
    const room = TEXT_WIDTH - indent - text.widthOf(numbers, 10) - 24;
    let title = entry.title;
    if (text.widthOf(title, 10, weight) > room) {
      while (title.length > 1 && text.widthOf(`${title}…`, 10, weight) > room) title = [...title].slice(0, -1).join('');
      title = `${title}…`;
    }
    text.draw(p, title, { x: MARGIN + indent, y: yy, size: 10, weight });
    text.draw(p, numbers, { x: WIDTH - MARGIN - text.widthOf(numbers, 10), y: yy, size: 10 });
  });
  if (!layout.tocPages.length) text.draw(tocPages[0], L.contents, { x: MARGIN, y: TOP - 18, size: 18, weight: 'bold' });

  // Page numbers (not on the cover), and the draft mark on every page.
  doc.getPages().forEach((p, i) => {
    if (i > 0) text.drawCentred(p, String(i + 1), WIDTH / 2, { y: MARGIN - 20, size: 9, color: GREY });
    if (input.draft) {
      text.draw(p, L.draft, { x: MARGIN, y: HEIGHT - 30, size: 10, weight: 'bold', color: RED });
      // A large diagonal "DRAFT" across the page (one Latin run), faint.
      const [run] = text.runs('DRAFT', 'bold');
      p.drawText(run.text, { x: WIDTH / 2 - 170, y: HEIGHT / 2 - 120, size: 90, font: run.font, color: RED, opacity: 0.12, rotate: degrees(45) });
    }
  });
  layout.pages = doc.getPageCount();
  return { pdf: await doc.save({ useObjectStreams: true }), layout };
}
