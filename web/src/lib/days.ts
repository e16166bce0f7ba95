/** Groups interviews by local calendar day for the day view. */
export interface Dated {
  id: string;
  scheduled_at: string;
}

export function dayKey(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function groupByDay<T extends Dated>(items: T[], lang: string) {
  const locale = lang === 'en' ? 'en-GB' : 'ja-JP';
  const map = new Map<string, T[]>();
  for (const it of [...items].sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at))) {
    const k = dayKey(it.scheduled_at);
    map.set(k, [...(map.get(k) ?? []), it]);
  }
  return [...map.entries()].map(([key, list]) => ({
    key,
    label: new Date(list[0].scheduled_at).toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }),
    items: list,
    time: (it: T) => new Date(it.scheduled_at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
  }));
}

/** The value of a `datetime-local` input for a moment, in the browser's time zone ("2026-05-01T09:05"). */
export function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
