import { describe, expect, it } from 'vitest';
import { csvCell, decodeCsvBytes, parseCsv, toCsv } from './csv';

describe('csv writer', () => {
  it('starts with a BOM, uses CRLF and quotes what needs quoting', () => {
    const csv = toCsv(['氏名', 'メモ'], [['山田 太郎', 'a,b'], ['"引用"', '1行目\n2行目']]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFF氏名,メモ\r\n山田 太郎,"a,b"\r\n"""引用""","1行目\n2行目"\r\n');
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=SUM(A1)', '+81 3', '-1', '@cmd', '\tx', '\rx']) expect(csvCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('田中')).toBe('田中');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('reads back what it writes', () => {
    const rows = [['a', 'b,c'], ['"q"', 'x\r\ny']];
    expect(parseCsv(toCsv(rows[0], [rows[1]]))).toEqual(rows);
  });
});

describe('csv reader', () => {
  it('reads quotes, doubled quotes, embedded newlines and all line ends', () => {
    expect(parseCsv('a,"b ""c""",d\r\n"e\nf",g,\rh')).toEqual([['a', 'b "c"', 'd'], ['e\nf', 'g', ''], ['h']]);
  });

  it('drops a BOM and empty lines, keeps a last line without a line end', () => {
    expect(parseCsv('\uFEFFemail,role\n\nx@y.jp,admin')).toEqual([['email', 'role'], ['x@y.jp', 'admin']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,b\r\n')).toEqual([['a', 'b']]);
  });
});

describe('decodeCsvBytes', () => {
  it('reads UTF-8 as UTF-8', () => {
    const bytes = new TextEncoder().encode('\uFEFF氏名');
    // the decoder drops the BOM itself
    expect(decodeCsvBytes(bytes)).toEqual({ text: '氏名', encoding: 'utf-8' });
  });

  it('falls back to Shift_JIS for what is not UTF-8', () => {
    // 「氏名」 in Shift_JIS: 0x8E81 0x96BC
    const bytes = new Uint8Array([0x8e, 0x81, 0x96, 0xbc, 0x2c, 0x61]);
    expect(decodeCsvBytes(bytes)).toEqual({ text: '氏名,a', encoding: 'shift_jis' });
  });
});
