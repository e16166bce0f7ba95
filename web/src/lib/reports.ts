/** The report page's pure parts: item keywords as text, item checks, polling and the workbook's file name. */
import type { Download, Report, ReportItem } from '../api/types';

/** Keywords typed as one line, separated by commas (ASCII or Japanese 、，) or new lines; trimmed, duplicates dropped. */
export function keywordsFromText(text: string): string[] {
  const seen = new Set<string>();
  for (const k of text.split(/[,、，\n]/)) {
    const w = k.trim();
    if (w) seen.add(w);
  }
  return [...seen];
}

export function keywordsToText(keywords: string[]): string {
  return keywords.join(', ');
}

export type ItemProblem = { row: number; kind: 'name_missing' | 'name_duplicate' };

/** The first thing wrong with the items as edited, or null. Every item needs a name of its own. */
export function itemProblem(items: ReportItem[]): ItemProblem | null {
  const names = new Set<string>();
  for (const [row, it] of items.entries()) {
    const name = it.name.trim();
    if (!name) return { row, kind: 'name_missing' };
    if (names.has(name)) return { row, kind: 'name_duplicate' };
    names.add(name);
  }
  return null;
}

/** The items as sent: names and descriptions trimmed. */
export function cleanItems(items: ReportItem[]): ReportItem[] {
  return items.map((it) => ({ name: it.name.trim(), description: it.description.trim(), keywords: it.keywords }));
}

/** Whether the list should be polled: some report is still being written. */
export function anyPending(reports: Pick<Report, 'state'>[]): boolean {
  return reports.some((r) => r.state === 'pending');
}

/** A safe file name for the workbook: the title without path or control characters, `.xlsx` at the end. */
export function reportFileName(title: string): string {
  const base = title
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${base || 'report'}.xlsx`;
}

/** A plain link is enough for a GET without signed headers; otherwise the browser fetches with them. */
export function downloadKind(d: Pick<Download, 'method' | 'headers'>): 'link' | 'fetch' {
  return d.method.toUpperCase() === 'GET' && Object.keys(d.headers ?? {}).length === 0 ? 'link' : 'fetch';
}
