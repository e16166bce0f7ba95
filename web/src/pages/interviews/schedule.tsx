// Interviews: the form that schedules a self-interview or a face-to-face interview.
import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { ApiError } from '../../api/client';
import type { Interview, InterviewMode, QuestionSet, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { localInputValue } from '../../lib/days';
import { DeadlineField } from './scheduleFields';
import { readScheduleQuery } from '../../lib/scheduleCopy';
import { InterviewerField, QuestionSetField, interviewersOf } from './scheduleFields';

export function Schedule() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  const sets = useLoad(() => api.get<QuestionSet[]>('/question-sets'), [api]);
  // 同じ内容で予定を作成 (issue 14 item 8): another interview's details arrive in the query string
  const [copied] = useState(() => readScheduleQuery(search));
  const [mode, setMode] = useState<InterviewMode>(copied?.mode ?? 'self');
  const [interviewee, setInterviewee] = useState(copied?.interviewee ?? '');
  const [interviewer, setInterviewer] = useState(copied?.interviewer ?? (me?.role === 'interviewer' ? me.id : ''));
  const [setId, setSetId] = useState(copied?.questionSet ?? '');
  const [at, setAt] = useState(() => localInputValue(new Date(Date.now() + 5 * 60000)));
  // self-interviews: answered between the start and this time (empty: no deadline)
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const interviewees = (users.data ?? []).filter((u) => u.role === 'interviewee' && !u.disabled);
  const interviewers = interviewersOf(users.data);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const iv = await api.post<Interview>('/interviews', {
        mode,
        interviewee_id: interviewee,
        interviewer_id: interviewer || null,
        question_set_id: setId || null,
        scheduled_at: new Date(at).toISOString(),
        deadline: mode === 'self' && deadline ? new Date(deadline).toISOString() : null,
      });
      navigate(`/interviews/${iv.id}`);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (users.loading || sets.loading) return <Loading />;
  return (
    <div className="page narrow">
      <PageTitle>{t('sched.title')}</PageTitle>
      <ErrorBox error={users.error ?? sets.error} />
      {!interviewees.length && <Notice>{t('sched.needPeople')}</Notice>}
      {copied && <Notice>{t('sched.prefilled')}</Notice>}
      <form className="card form" onSubmit={submit}>
        <fieldset>
          <legend>{t('sched.mode')}</legend>
          {(['self', 'face_to_face'] as InterviewMode[]).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {t(`mode.${m}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('sched.interviewee')}
          <select name="interviewee" required value={interviewee} onChange={(e) => setInterviewee(e.target.value)}>
            <option value="" disabled>
              —
            </option>
            {interviewees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.display_name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <InterviewerField people={interviewers} value={interviewer} onChange={setInterviewer} allowNone />
        <QuestionSetField sets={sets.data} value={setId} onChange={setSetId} required={mode === 'self'} allowNone />
        <label>
          {t('sched.at')}
          <input type="datetime-local" name="scheduled_at" required value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        {mode === 'self' && <DeadlineField value={deadline} onChange={setDeadline} />}
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit">{t('sched.submit')}</button>
        </div>
      </form>
    </div>
  );
}
