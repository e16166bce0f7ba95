// Admin: question sets — create one (questions, practice question, retakes, follow-ups) and list them.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { Question, QuestionSet } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { retakeWords, secondsWords } from '../../lib/questionSetWords';
import { ConsentTextsEditor } from './consentTexts';

export function QuestionSets() {
  const { t } = useI18n();
  const { api } = useSession();
  const sets = useLoad(() => api.get<QuestionSet[]>('/question-sets'), [api]);
  const [name, setName] = useState('');
  const [questions, setQuestions] = useState<Question[]>([{ text: '', answer_seconds: 60 }]);
  const [practice, setPractice] = useState('');
  const [practiceSeconds, setPracticeSeconds] = useState(30);
  const [retakes, setRetakes] = useState(1);
  const [followUps, setFollowUps] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const setQ = (i: number, q: Partial<Question>) => setQuestions((qs) => qs.map((x, j) => (j === i ? { ...x, ...q } : x)));

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCreated(null);
    try {
      const set = await api.post<QuestionSet>('/question-sets', {
        name: name.trim(),
        questions: questions.map((q) => ({ text: q.text.trim(), answer_seconds: q.answer_seconds })),
        practice_question: practice.trim() ? { text: practice.trim(), answer_seconds: practiceSeconds } : null,
        retake_limit: retakes,
        follow_ups: followUps,
      });
      setCreated(set.name);
      setName('');
      setQuestions([{ text: '', answer_seconds: 60 }]);
      setPractice('');
      sets.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('sets.title')}</PageTitle>
      <section className="card" aria-labelledby="set-h">
        <h2 id="set-h">{t('sets.new')}</h2>
        <form className="form" onSubmit={create}>
          <label>
            {t('sets.name')}
            <input name="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
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
            <button type="submit">{t('sets.submit')}</button>
          </div>
        </form>
        {created && <Notice>{t('sets.created', { name: created })}</Notice>}
        <ErrorBox error={error} />
      </section>
      {sets.loading && !sets.data ? (
        <Loading />
      ) : sets.error ? (
        <ErrorBox error={sets.error} onRetry={sets.reload} />
      ) : (
        <ul className="cards">
          {sets.data?.map((s) => (
            <li key={s.id} className="card">
              <h3>{s.name}</h3>
              <p className="muted">
                {t('sets.count', { n: s.questions.length })} · {retakeWords(s.retake_limit, t)}
              </p>
              <ol>
                {s.questions.map((q, i) => (
                  <li key={i}>
                    {q.text} <span className="muted">· {secondsWords(q.answer_seconds, t)}</span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
      <ConsentTextsEditor />
    </div>
  );
}
