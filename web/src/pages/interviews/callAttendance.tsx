// Interview detail: who joined the face-to-face video call and when (issue 16), for admins and the interview's
// interviewer. Nothing is shown before anyone joined.
import type { CallAttendance, Interview, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { formatDateTime, nameOf } from '../../components/ui';
import { callMinutes } from '../../lib/callLength';

export function CallAttendanceList({ iv, users }: { iv: Interview; users: User[] | null }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const list = useLoad(() => api.get<CallAttendance[]>(`/interviews/${iv.id}/call`).catch(() => [] as CallAttendance[]), [api, iv.id, iv.status]);
  if (!list.data?.length) return null;
  const minutes = callMinutes(list.data);
  return (
    <section aria-labelledby="call-attendance-h" className="card" data-testid="call-attendance">
      <h2 id="call-attendance-h">{t('call.attendance')}</h2>
      {minutes !== null && <p data-testid="call-length">{t('call.length', { n: minutes })}</p>}
      <ul>
        {list.data.map((a) => (
          <li key={a.user_id} data-seat={a.seat}>
            {t(`call.${a.seat}`)} {nameOf(users, a.user_id)}: {t('call.joinedAt', { at: formatDateTime(a.first_joined_at, lang) })}
            {a.joins > 1 && ` ${t('call.rejoined', { n: a.joins - 1, last: formatDateTime(a.last_joined_at, lang) })}`}
            {a.left_at && a.left_at >= a.last_joined_at && t('call.leftAt', { at: formatDateTime(a.left_at, lang) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
