/**
 * Search and paging of the admin lists (issue 14 item 8), done in the browser on what the API returned: the
 * lists are a tenant's people and interviews, hundreds rather than millions.
 */

/** Text as compared by the search boxes: NFKC (full-width ＡＢＣ and half-width ｶﾅ fold), lower case, single spaces. */
export function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether any of `fields` contains `query` (every space-separated word of it), ignoring width and case. */
export function matchesQuery(query: string, fields: (string | null | undefined)[]): boolean {
  const words = normalise(query).split(' ').filter(Boolean);
  if (!words.length) return true;
  const hay = fields.map((f) => normalise(f ?? '')).join('\n');
  return words.every((w) => hay.includes(w));
}

export const PAGE_SIZE = 25;

export interface Page<T> {
  items: T[];
  /** 1-based page number, clamped to the pages there are. */
  page: number;
  pages: number;
  /** 1-based position of the first and last item shown (0 and 0 when empty). */
  from: number;
  to: number;
  total: number;
}

/** The `page`-th slice of `all`; a page past the end shows the last one (a filter made the list shorter). */
export function paginate<T>(all: T[], page: number, size = PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (p - 1) * size;
  const items = all.slice(start, start + size);
  return { items, page: p, pages, from: items.length ? start + 1 : 0, to: start + items.length, total: all.length };
}

/**
 * The local day of a `<input type="date">` value as an instant range: from its start (inclusive), to the start of
 * the next day (exclusive). Empty input: no bound.
 */
export function dayStart(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** Whether an ISO instant falls between the local days `from` and `to` (both inclusive, either may be empty). */
export function inDayRange(iso: string, from: string, to: string): boolean {
  const t = new Date(iso).getTime();
  const start = dayStart(from);
  const end = dayStart(to);
  if (start && t < start.getTime()) return false;
  if (end && t >= new Date(end.getFullYear(), end.getMonth(), end.getDate() + 1).getTime()) return false;
  return true;
}
