// Interview detail: what staff do to the interview itself (issue 14 item 8) — record (face to face), reschedule
// (date, interviewer, question set while scheduled), cancel and delete (each after a confirmation), and schedule
// another one like it.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ApiError } from '../../api/client';
import type { Interview, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ErrorBox, Notice, formatDateTime, nameOf } from '../../components/ui';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { mayRecord } from '../../lib/facetoface';
import { mayCancel, mayDelete, mayReschedule } from '../../lib/interviewAccess';
import { scheduleCopyQuery } from '../../lib/scheduleCopy';
import { RescheduleForm } from './reschedule';

export function InterviewActions({ iv, users, onChanged }: { iv: Interview; users: User[] | null; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const [, navigate] = useLocation();
  const [asking, setAsking] = useState<'cancel' | 'delete' | null>(null);
  const [rescheduling, setRescheduling] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const who = { name: nameOf(users, iv.interviewee_id), when: formatDateTime(iv.scheduled_at, lang) };
  const staff = me?.role === 'admin' || me?.role === 'interviewer';

  async function cancel() {
    setAsking(null);
    setError(null);
    setNotice(null);
    try {
      await api.post(`/interviews/${iv.id}/status`, { status: 'cancelled' });
      setNotice(t('ivedit.cancelled'));
      onChanged();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  async function remove() {
    setAsking(null);
    setError(null);
    setNotice(null);
    try {
      await api.del(`/interviews/${iv.id}`);
      navigate('/interviews?deleted=1');
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (!staff) return null;
  return (
    <>
      <div className="actions">
        {mayRecord(iv, me) && (
          <Link href={`/call/${iv.id}`} className="button">
            {t('call.enter')}
          </Link>
        )}
        {mayRecord(iv, me) && (
          <Link href={`/interviews/${iv.id}/record`} className="button secondary">
            {t('detail.record')}
          </Link>
        )}
        {mayReschedule(iv, me) && (
          <button type="button" className="secondary" aria-expanded={rescheduling} onClick={() => setRescheduling((r) => !r)}>
            {t('ivedit.reschedule')}
          </button>
        )}
        <Link href={`/interviews/new?${scheduleCopyQuery(iv)}`} className="button secondary">
          {t('ivedit.duplicate')}
        </Link>
        {mayCancel(iv, me) && (
          <button type="button" className="secondary danger-text" onClick={() => setAsking('cancel')}>
            {t('ivedit.cancel')}
          </button>
        )}
        {mayDelete(iv, me) && (
          <button type="button" className="secondary danger-text" onClick={() => setAsking('delete')}>
            {t('ivedit.delete')}
          </button>
        )}
      </div>
      {rescheduling && mayReschedule(iv, me) && (
        <RescheduleForm
          iv={iv}
          users={users}
          onDone={() => {
            setRescheduling(false);
            setError(null);
            setNotice(t('ivedit.rescheduled'));
            onChanged();
          }}
          onCancel={() => setRescheduling(false)}
        />
      )}
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={error} />
      {asking === 'cancel' && (
        <ConfirmDialog
          title={t('ivedit.cancelTitle')}
          confirmLabel={t('ivedit.cancelConfirm')}
          cancelLabel={t('edit.keep')}
          onConfirm={() => void cancel()}
          onCancel={() => setAsking(null)}
          danger
        >
          <p>{t('ivedit.cancelBody', who)}</p>
        </ConfirmDialog>
      )}
      {asking === 'delete' && (
        <ConfirmDialog
          title={t('ivedit.deleteTitle')}
          confirmLabel={t('edit.confirmDelete')}
          cancelLabel={t('edit.keep')}
          onConfirm={() => void remove()}
          onCancel={() => setAsking(null)}
          danger
        >
          <p>{t('ivedit.deleteBody', who)}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
