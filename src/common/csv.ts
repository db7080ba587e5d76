import { stringify } from 'csv-stringify/sync';

/** A byte-order mark first, so that spreadsheet apps read the UTF-8 (Chinese names) correctly. */
export const BOM = '\uFEFF';

/**
 * A CSV document (RFC 4180, CRLF line ends, UTF-8 with a BOM) of `rows` under a header row, written
 * with csv-stringify: the ONE CSV path of the service (sessions, submissions, registrations; lint
 * refuses csv-stringify anywhere else). Text cells that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR, or their full-width forms) get a leading `'`
 * (csv-stringify's `escape_formulas`, OWASP's advice against CSV injection); numbers stay numbers.
 */
export function toCsv(columns: { key: string; header: string }[], rows: Record<string, unknown>[]): string {
  return (
    BOM +
    stringify(rows, {
      header: true,
      columns: columns.map((c) => ({ key: c.key, header: c.header })),
      record_delimiter: 'windows',
      escape_formulas: true,
      cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
    })
  );
}
