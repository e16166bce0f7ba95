// Interview detail: the reschedule form (issue 14 item 8) — a new date and time, interviewer or question set for a
// scheduled interview. Only what changed is sent (PATCH), so an unchanged field never overwrites someone else's edit.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { Interview, QuestionSet, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox } from '../../components/ui';
import { localInputValue } from '../../lib/days';
import { DeadlineField, InterviewerField, QuestionSetField, interviewersOf } from './scheduleFields';

export function RescheduleForm({ iv, users, onDone, onCancel }: { iv: Interview; users: User[] | null; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const sets = useLoad(() => (iv.mode === 'self' ? api.get<QuestionSet[]>('/question-sets') : Promise.resolve([] as QuestionSet[])), [api, iv.mode]);
  const [at, setAt] = useState(() => localInputValue(new Date(iv.scheduled_at)));
  const [deadline, setDeadline] = useState(() => (iv.deadline ? localInputValue(new Date(iv.deadline)) : ''));
  const [interviewer, setInterviewer] = useState(iv.interviewer_id ?? '');
  const [setId, setSetId] = useState(iv.question_set_id ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const interviewers = interviewersOf(users, iv.interviewer_id);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const patch: Record<string, string> = {};
    const when = new Date(at).toISOString();
    if (when !== new Date(iv.scheduled_at).toISOString()) patch.scheduled_at = when;
    if (interviewer && interviewer !== iv.interviewer_id) patch.interviewer_id = interviewer;
    if (setId && setId !== iv.question_set_id) patch.question_set_id = setId;
    if (deadline && (!iv.deadline || new Date(deadline).toISOString() !== new Date(iv.deadline).toISOString())) {
      patch.deadline = new Date(deadline).toISOString();
    }
    if (!Object.keys(patch).length) return onCancel();
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/interviews/${iv.id}`, patch);
      onDone();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="resched-h">
      <h2 id="resched-h">{t('ivedit.rescheduleTitle')}</h2>
      <form className="form grid2" onSubmit={submit}>
        <label>
          {t('sched.at')}
          <input type="datetime-local" name="scheduled_at" required autoFocus value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <InterviewerField people={interviewers} value={interviewer} onChange={setInterviewer} allowNone={!iv.interviewer_id} />
        {iv.mode === 'self' && <DeadlineField value={deadline} onChange={setDeadline} />}
        {iv.mode === 'self' && <QuestionSetField sets={sets.data} value={setId} onChange={setSetId} required allowNone={!iv.question_set_id} />}
        <div className="actions span2">
          <button type="submit" disabled={busy}>
            {t('ivedit.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('edit.cancel')}
          </button>
        </div>
      </form>
      <ErrorBox error={error ?? sets.error} />
    </section>
  );
}
