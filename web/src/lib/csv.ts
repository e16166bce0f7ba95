/**
 * A small RFC 4180 CSV reader and writer (issue 14 item 8) for the admin exports and the invitation import.
 * Exports start with a BOM and use CRLF so Excel opens them as UTF-8; a cell that a spreadsheet would read as a
 * formula gets a leading apostrophe. Imports accept UTF-8 (with or without BOM) and Shift_JIS, as Japanese Excel
 * saves "CSV" files.
 */

const BOM = '\uFEFF';

/** Cells a spreadsheet would run as a formula (or that start one after a tab or line break). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as written: injection-guarded, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole file: BOM, a header row, then the rows, CRLF line ends. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Reads CSV text into rows of cells: quoted cells may hold commas, doubled quotes and line breaks; CRLF, LF and
 * CR all end a row; a leading BOM is dropped; rows that are entirely empty are left out.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      endRow();
      if (c === '\r' && s[i + 1] === '\n') i++;
    } else cell += c;
    i++;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

/** File bytes as text: UTF-8 when they are valid UTF-8, else Shift_JIS (Japanese Excel's "CSV"). */
export function decodeCsvBytes(bytes: ArrayBuffer | Uint8Array): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}

/** Offers `csv` as a download named `filename` (the browser's own save). */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the click has handed the file to the browser; the URL is no longer needed
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
