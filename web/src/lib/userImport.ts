/**
 * Invitations from a CSV file (issue 14 item 8): the file's rows read into people to invite, each with the
 * problems found before anything is sent. Headers may be English or Japanese (email / メールアドレス,
 * display_name / 氏名 / 表示名, role / ロール / 役割), roles English or Japanese words (admin / 管理者, ...).
 */
import type { Role, User } from '../api/types';
import type { MessageKey } from '../i18n/ja';
import { normalise } from './listing';

export const IMPORT_MAX_ROWS = 500;

const HEADERS: Record<'email' | 'name' | 'role', string[]> = {
  email: ['email', 'e-mail', 'mail', 'メールアドレス', 'メール'],
  name: ['display_name', 'name', 'display name', '氏名', '表示名', '名前'],
  role: ['role', 'ロール', '役割'],
};

const ROLE_WORDS: Record<string, Role> = {
  admin: 'admin',
  administrator: 'admin',
  管理者: 'admin',
  interviewer: 'interviewer',
  面談者: 'interviewer',
  expert: 'expert',
  熟練面談者: 'expert',
  interviewee: 'interviewee',
  candidate: 'interviewee',
  被面談者: 'interviewee',
  候補者: 'interviewee',
};

export interface ImportRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  email: string;
  name: string;
  role: Role | null;
  /** The role as written, shown when it is not understood. */
  roleText: string;
  /** Why the row cannot be sent (empty: it can). */
  problems: MessageKey[];
}

export type ImportReading =
  | { ok: true; rows: ImportRow[] }
  | { ok: false; problem: MessageKey };

/** A role word (either language, any width or case) as a role, or null. */
export function roleFromWord(word: string): Role | null {
  return ROLE_WORDS[normalise(word)] ?? null;
}

// the same loose check the browser's type="email" makes; the server has the last word
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads parsed CSV rows (header first). `existing` are the tenant's users: an e-mail address already there, or
 * twice in the file, is a duplicate and is not sent.
 */
export function readImport(table: string[][], existing: Pick<User, 'email'>[]): ImportReading {
  if (!table.length) return { ok: false, problem: 'import.empty' };
  const header = table[0].map(normalise);
  const col = (k: keyof typeof HEADERS) => header.findIndex((h) => HEADERS[k].includes(h));
  const [ce, cn, cr] = [col('email'), col('name'), col('role')];
  if (ce < 0 || cn < 0 || cr < 0) return { ok: false, problem: 'import.headers' };
  const body = table.slice(1);
  if (!body.length) return { ok: false, problem: 'import.empty' };
  if (body.length > IMPORT_MAX_ROWS) return { ok: false, problem: 'import.tooMany' };
  const taken = new Set(existing.map((u) => u.email.toLowerCase()));
  const seen = new Set<string>();
  const rows = body.map((cells, i): ImportRow => {
    const email = (cells[ce] ?? '').normalize('NFKC').trim();
    const name = (cells[cn] ?? '').trim();
    const roleText = (cells[cr] ?? '').trim();
    const role = roleFromWord(roleText);
    const problems: MessageKey[] = [];
    if (!EMAIL.test(email)) problems.push('import.badEmail');
    else if (taken.has(email.toLowerCase())) problems.push('import.exists');
    else if (seen.has(email.toLowerCase())) problems.push('import.twice');
    if (!name) problems.push('import.noName');
    else if ([...name].length > 100) problems.push('import.longName');
    if (!role) problems.push('import.badRole');
    seen.add(email.toLowerCase());
    return { line: i + 2, email, name, role, roleText, problems };
  });
  return { ok: true, rows };
}
