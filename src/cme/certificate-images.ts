import { DomainError } from '../common/errors/domain-error.js';

/** An uploaded image: PNG or SVG, base64 in JSON (the API takes JSON bodies only). */
export interface ImageUpload {
  contentType: 'image/png' | 'image/svg+xml';
  data: string;
}

/** Largest logo and signature, as uploaded and as stored (PNG). */
export const LOGO_MAX_BYTES = 256 * 1024;
export const SIGNATURE_MAX_BYTES = 128 * 1024;
const MAX_PIXELS = 4000;

const invalid = (field: string, message: string) => new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, messages: [message] }]);

/**
 * Checks an uploaded logo or signature and returns it as PNG: a PNG must decode (pdf-lib's own
 * decoder, the one that will embed it) and be at most 4000 px a side; an SVG is rasterised with
 * @napi-rs/canvas (Skia) to fit `box` at twice its size, so no SVG (and no script in one) is ever
 * stored or served. Wrong type, bad base64, too large or undecodable: 400 naming `field`.
 */
export async function toPng(field: string, upload: ImageUpload, maxBytes: number, box: { width: number; height: number }): Promise<Buffer> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(upload.data) || upload.data.length % 4 !== 0) throw invalid(`${field}.data`, 'must be base64');
  const bytes = Buffer.from(upload.data, 'base64');
  if (bytes.length === 0) throw invalid(`${field}.data`, 'is empty');
  if (bytes.length > maxBytes) throw invalid(`${field}.data`, `must be at most ${maxBytes / 1024} KB (is ${Math.ceil(bytes.length / 1024)} KB)`);
  if (upload.contentType === 'image/png') {
    if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw invalid(`${field}.data`, 'is not a PNG image');
    const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    if (width < 1 || height < 1 || width > MAX_PIXELS || height > MAX_PIXELS) throw invalid(`${field}.data`, `must be 1 to ${MAX_PIXELS} pixels a side`);
    const { PDFDocument } = await import('pdf-lib');
    try {
      await (await PDFDocument.create()).embedPng(bytes);
    } catch {
      throw invalid(`${field}.data`, 'is not a readable PNG image');
    }
    return bytes;
  }
  const text = bytes.toString('utf8');
  if (!/<svg[\s>]/i.test(text)) throw invalid(`${field}.data`, 'is not an SVG image');
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(bytes);
  } catch {
    throw invalid(`${field}.data`, 'is not a readable SVG image');
  }
  if (!(image.width > 0 && image.height > 0)) throw invalid(`${field}.data`, 'is an SVG image without a size (give width and height or a viewBox)');
  const scale = Math.min((2 * box.width) / image.width, (2 * box.height) / image.height);
  const canvas = createCanvas(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
  const png = canvas.toBuffer('image/png');
  if (png.length > maxBytes) throw invalid(`${field}.data`, `rasterised, must be at most ${maxBytes / 1024} KB`);
  return png;
}
