import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reading PDFs in tests as a person would (pdf.js, the renderer Firefox uses, from npm; with
 * `@napi-rs/canvas` for pictures, so nothing outside node_modules is needed).
 */

const open = (data: Uint8Array) => getDocument({ data: new Uint8Array(data), isEvalSupported: false, verbosity: 0, disableFontFace: true }).promise;

export interface PdfLine {
  /** The text of one printed line: pdf.js items on the same baseline, left to right, joined (a gap over 12 pt starts another). */
  text: string;
  /** Baseline height from the page's bottom, in points. */
  y: number;
  /** Left edge, in points. */
  x: number;
}

/** Each page's printed lines, top to bottom (items whose baselines differ by < 1 pt share a line). */
export async function pdfPages(data: Uint8Array): Promise<PdfLine[][]> {
  const pdf = await open(data);
  const pages: PdfLine[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const items = content.items
      .filter((item): item is Extract<typeof item, { str: string }> => 'str' in item && item.str !== '')
      .map((item) => ({ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }));
    const lines: { y: number; items: { str: string; x: number; width: number }[] }[] = [];
    for (const item of items) {
      const line = lines.find((l) => Math.abs(l.y - item.y) < 1);
      if (line) line.items.push(item);
      else lines.push({ y: item.y, items: [item] });
    }
    // Items on one baseline further apart than GAP points are separate lines (columns, side-by-side blocks).
    const GAP = 12;
    pages.push(
      lines
        .sort((a, b) => b.y - a.y)
        .flatMap((l) => {
          const out: PdfLine[] = [];
          let end = -Infinity;
          for (const item of l.items.sort((a, b) => a.x - b.x)) {
            if (out.length && item.x - end <= GAP) out[out.length - 1].text += item.str;
            else out.push({ text: item.str, y: l.y, x: item.x });
            end = item.x + item.width;
          }
          return out;
        }),
    );
  }
  await pdf.destroy();
  return pages;
}

/** All printed lines of all pages, as text. */
export async function pdfLines(data: Uint8Array): Promise<string[]> {
  return (await pdfPages(data)).flat().map((l) => l.text);
}

/** Page size in points ([width, height]) of each page. */
export async function pdfPageSizes(data: Uint8Array): Promise<[number, number][]> {
  const pdf = await open(data);
  const sizes: [number, number][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const [x0, y0, x1, y1] = (await pdf.getPage(n)).view;
    sizes.push([x1 - x0, y1 - y0]);
  }
  await pdf.destroy();
  return sizes;
}

export interface RenderedPage {
  width: number;
  height: number;
  /** RGBA pixels, row by row. */
  rgba: Uint8ClampedArray;
  png: Buffer;
}

/** Renders a page (1-based) to pixels and PNG at `scale` (1 = 72 dpi). */
export async function renderPdfPage(data: Uint8Array, pageNumber = 1, scale = 2): Promise<RenderedPage> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const pdf = await open(data);
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context as never, viewport }).promise;
  const { data: rgba } = context.getImageData(0, 0, canvas.width, canvas.height);
  const png = canvas.toBuffer('image/png');
  await pdf.destroy();
  return { width: canvas.width, height: canvas.height, rgba, png };
}
