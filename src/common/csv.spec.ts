import { toCsv } from './csv.js';

describe('toCsv', () => {
  const columns = [
    { key: 'text', header: 'text' },
    { key: 'n', header: 'n' },
  ];

  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1', '－1', '＠A1'])('escapes %j so a spreadsheet shows it as text', (text) => {
    const csv = toCsv(columns, [{ text, n: 1 }]);
    expect(csv).toContain(`'${text}`);
  });

  it('leaves numbers, dates and other text alone; BOM first, CRLF line ends', () => {
    const csv = toCsv(columns, [
      { text: 'Li Wei 李伟', n: -3 },
      { text: 'a=b', n: 0 },
    ]);
    expect(csv).toBe('\uFEFFtext,n\r\nLi Wei 李伟,-3\r\na=b,0\r\n');
  });
});
