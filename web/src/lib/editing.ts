/** Small rules shared by the admin pages' edit, duplicate and delete actions (issue 14 item 8). */

/**
 * The name of a copy: 「名前（コピー）」 via the dictionary's `edit.copyName`, the original shortened (by whole
 * characters) so the result stays within `max` characters.
 */
export function copyName(name: string, wrap: (name: string) => string, max: number): string {
  const chars = [...name];
  const extra = [...wrap('')].length;
  return wrap(chars.slice(0, Math.max(0, max - extra)).join(''));
}

/** A content item's example sentences from its form: one per line, trimmed, blank lines dropped. */
export function exampleLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
