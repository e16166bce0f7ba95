/**
 * The CSV files of the admin lists (issue 14 item 8): headers in the screen's language, words as on the screen,
 * times in Japan time. Written through {@link toCsv} (BOM, CRLF, formula guard).
 */
import type { Interview, QuestionSet, User } from '../api/types';
import type { MessageKey } from '../i18n/ja';
import { toCsv } from './csv';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function usersCsv(users: User[], t: T): string {
  return toCsv(
    [t('csv.users.name'), t('csv.users.email'), t('csv.users.role'), t('csv.users.state')],
    users.map((u) => [u.display_name, u.email, t(`role.${u.role}`), u.disabled ? t('users.disabled') : t('users.active')]),
  );
}

/** An instant as "2026-12-05 09:30" in Japan time, whatever the computer's time zone. */
export function jstDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function interviewsCsv(interviews: Interview[], users: User[], sets: QuestionSet[], t: T): string {
  const name = (id: string | null) => (id ? (users.find((u) => u.id === id)?.display_name ?? '') : '');
  return toCsv(
    [t('csv.iv.when'), t('iv.mode'), t('iv.interviewee'), t('iv.interviewer'), t('sched.set'), t('iv.status')],
    interviews.map((iv) => [
      jstDateTime(iv.scheduled_at),
      t(`mode.${iv.mode}`),
      name(iv.interviewee_id),
      name(iv.interviewer_id),
      iv.question_set_id ? (sets.find((s) => s.id === iv.question_set_id)?.name ?? '') : '',
      t(`status.${iv.status}`),
    ]),
  );
}

/** A file name with today's date: `users-2026-12-05.csv`. */
export function csvFileName(base: string, now = new Date()): string {
  return `${base}-${jstDateTime(now.toISOString()).slice(0, 10)}.csv`;
}
