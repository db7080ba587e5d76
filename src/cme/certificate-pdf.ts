
export interface CertificateContent {
  name: string;
  edition: string;
  dates: string;
  totalHours: number;
  sessions: { title: string; hours: number }[];
  code: string;
  verifyUrl: string;
}

/** Keeps what a standard (WinAnsi) PDF font can draw; other characters become '?'. */
const winAnsi = (text: string) => text.replace(/[^\x20-\x7E\u00A0-\u00FF]/g, '?');

/** A one-page A4 certificate (pdf-lib, standard fonts: no font file shipped, so English text only). */
export async function renderCertificate(c: CertificateContent): Promise<Uint8Array> {
  // pdf-lib (about 170 modules) loads on the first certificate, not at start-up.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(`CME certificate ${c.code}`);
  const page = doc.addPage([595.28, 841.89]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  let y = 760;
  const line = (text: string, size = 12, font = regular, gap = 22) => {
    page.drawText(winAnsi(text), { x: 60, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    y -= gap;
  };
  line('Certificate of Attendance - Continuing Medical Education', 18, bold, 40);
  line('This certifies that', 12);
  line(c.name, 20, bold, 34);
  line(`attended ${c.edition}`, 12);
  line(c.dates, 12, regular, 30);
  line(`Total CME credit hours: ${c.totalHours.toFixed(2)}`, 14, bold, 30);
  for (const s of c.sessions.slice(0, 20)) line(`${s.hours.toFixed(2)} h  ${s.title}`.slice(0, 95), 9, regular, 14);
  y -= 20;
  line(`Verification code: ${c.code}`, 12, bold);
  line(`Verify at ${c.verifyUrl}`, 10);
  return doc.save();
}
