// The interviewer and question-set fields, shared by the schedule form and the reschedule form (issue 14 item 8).
import type { QuestionSet, User } from '../../api/types';
import { useI18n } from '../../i18n';

/** Who can run an interview: active interviewers and admins (and `keep`, the one already chosen, even if disabled since). */
export function interviewersOf(users: User[] | null, keep?: string | null): User[] {
  return (users ?? []).filter((u) => (u.role === 'interviewer' || u.role === 'admin') && (!u.disabled || u.id === keep));
}

export function InterviewerField({
  people,
  value,
  onChange,
  allowNone,
}: {
  people: User[];
  value: string;
  onChange: (id: string) => void;
  /** Offer 「（なし）」 (no interviewer). */
  allowNone: boolean;
}) {
  const { t } = useI18n();
  return (
    <label>
      {t('sched.interviewer')}
      <select name="interviewer" value={value} onChange={(e) => onChange(e.target.value)}>
        {allowNone && <option value="">{t('sched.interviewerNone')}</option>}
        {people.map((u) => (
          <option key={u.id} value={u.id}>
            {u.display_name} ({t(`role.${u.role}`)})
          </option>
        ))}
      </select>
    </label>
  );
}

export function QuestionSetField({
  sets,
  value,
  onChange,
  required,
  allowNone,
}: {
  sets: QuestionSet[] | null;
  value: string;
  onChange: (id: string) => void;
  required: boolean;
  allowNone: boolean;
}) {
  const { t } = useI18n();
  return (
    <label>
      {t('sched.set')}
      <select name="question_set" value={value} required={required} onChange={(e) => onChange(e.target.value)}>
        {allowNone && <option value="">{t('sched.setNone')}</option>}
        {(sets ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A self-interview's deadline (optional): the candidate is reminded 3 days and 1 day before it. */
export function DeadlineField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  // the help sits beside the label, not in it, so the field's name stays just 回答期限
  return (
    <div className="field-with-help">
      <label>
        {t('sched.deadline')}
        <input type="datetime-local" name="deadline" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby="deadline-help" />
      </label>
      <small id="deadline-help" className="muted">
        {t('sched.deadlineHelp')}
      </small>
    </div>
  );
}
