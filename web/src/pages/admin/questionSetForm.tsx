// Admin: the question-set form, shared by creating, duplicating and editing a set (issue 14 item 8). It keeps its
// own draft; the page remounts it (a new `key`) to fill it with another set.
import { forwardRef, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import type { Question, QuestionSet } from '../../api/types';
import { useI18n } from '../../i18n';

/** What the API takes (POST and PUT /question-sets). */
export interface QuestionSetBody {
  name: string;
  questions: Question[];
  practice_question: Question | null;
  retake_limit: number;
  follow_ups: boolean;
}

export type QuestionSetDraft = Omit<QuestionSet, 'id'>;

export const EMPTY_SET: QuestionSetDraft = {
  name: '',
  questions: [{ text: '', answer_seconds: 60 }],
  practice_question: null,
  retake_limit: 1,
  follow_ups: false,
};

export interface QuestionSetFormHandle {
  focus: () => void;
}

export const QuestionSetForm = forwardRef<
  QuestionSetFormHandle,
  {
    initial: QuestionSetDraft;
    editing: boolean;
    /** Sends the set; resolves true when it was saved (the page then shows an empty form again). */
    onSubmit: (body: QuestionSetBody) => Promise<boolean>;
    onCancel: () => void;
  }
>(function QuestionSetForm({ initial, editing, onSubmit, onCancel }, ref) {
  const { t } = useI18n();
  const [name, setName] = useState(initial.name);
  const [questions, setQuestions] = useState<Question[]>(initial.questions);
  const [practice, setPractice] = useState(initial.practice_question?.text ?? '');
  const [practiceSeconds, setPracticeSeconds] = useState(initial.practice_question?.answer_seconds ?? 30);
  const [retakes, setRetakes] = useState(initial.retake_limit);
  const [followUps, setFollowUps] = useState(initial.follow_ups);
  const nameInput = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({
    focus: () => {
      nameInput.current?.scrollIntoView({ block: 'center' });
      nameInput.current?.focus();
    },
  }));

  const setQ = (i: number, q: Partial<Question>) => setQuestions((qs) => qs.map((x, j) => (j === i ? { ...x, ...q } : x)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    await onSubmit({
      name: name.trim(),
      questions: questions.map((q) => ({ text: q.text.trim(), answer_seconds: q.answer_seconds })),
      practice_question: practice.trim() ? { text: practice.trim(), answer_seconds: practiceSeconds } : null,
      retake_limit: retakes,
      follow_ups: followUps,
    });
  }

  return (
    <form className="form" onSubmit={submit} data-mode={editing ? 'edit' : 'new'}>
      <label>
        {t('sets.name')}
        <input ref={nameInput} name="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('sets.questions')}</legend>
        {questions.map((q, i) => (
          <div key={i} className="question-row">
            <label className="grow">
              {t('sets.question', { n: i + 1 })}
              <textarea name={`question-${i}`} rows={2} required maxLength={500} value={q.text} onChange={(e) => setQ(i, { text: e.target.value })} />
            </label>
            <label>
              {t('sets.seconds')}
              <input
                type="number"
                name={`seconds-${i}`}
                min={10}
                max={600}
                required
                value={q.answer_seconds}
                onChange={(e) => setQ(i, { answer_seconds: Number(e.target.value) })}
              />
            </label>
            {questions.length > 1 && (
              <button type="button" className="secondary small" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}>
                {t('sets.removeQuestion', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setQuestions((qs) => [...qs, { text: '', answer_seconds: 60 }])}>
          {t('sets.addQuestion')}
        </button>
      </fieldset>
      <div className="grid2">
        <label>
          {t('sets.practice')}
          <input name="practice" maxLength={500} value={practice} onChange={(e) => setPractice(e.target.value)} />
        </label>
        <label>
          {t('sets.practiceSeconds')}
          <input type="number" name="practice_seconds" min={10} max={600} value={practiceSeconds} onChange={(e) => setPracticeSeconds(Number(e.target.value))} />
        </label>
        <label>
          {t('sets.retakes')}
          <input type="number" name="retake_limit" min={0} max={10} value={retakes} onChange={(e) => setRetakes(Number(e.target.value))} />
        </label>
        <label className="check">
          <input type="checkbox" name="follow_ups" checked={followUps} onChange={(e) => setFollowUps(e.target.checked)} />
          {t('sets.followUps')}
        </label>
      </div>
      <div className="actions">
        <button type="submit">{editing ? t('edit.save') : t('sets.submit')}</button>
        {editing && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('edit.cancel')}
          </button>
        )}
      </div>
    </form>
  );
});
