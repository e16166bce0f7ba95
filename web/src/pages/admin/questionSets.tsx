// Admin: question sets — create one (questions, practice question, retakes, follow-ups), and edit, duplicate or
// delete those listed (issue 14 item 8). Creating, duplicating and editing share one form.
import { useRef, useState } from 'react';
import type { ApiError } from '../../api/client';
import type { QuestionSet } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EditActions } from '../../components/EditActions';
import { copyName } from '../../lib/editing';
import { retakeWords, secondsWords } from '../../lib/questionSetWords';
import { CallSettings } from './callSettings';
import { ConsentTextsEditor } from './consentTexts';
import { EMPTY_SET, QuestionSetForm, type QuestionSetBody, type QuestionSetDraft, type QuestionSetFormHandle } from './questionSetForm';

export function QuestionSets() {
  const { t } = useI18n();
  const { api } = useSession();
  const sets = useLoad(() => api.get<QuestionSet[]>('/question-sets'), [api]);
  const [draft, setDraft] = useState<QuestionSetDraft>(EMPTY_SET);
  /** Bumped to remount the form with a new draft. */
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<QuestionSet | null>(null);
  const [deleting, setDeleting] = useState<QuestionSet | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useRef<QuestionSetFormHandle>(null);

  function fill(next: QuestionSetDraft, set: QuestionSet | null, message: string | null) {
    setDraft(next);
    setEditing(set);
    setFormKey((k) => k + 1);
    setError(null);
    setNotice(message);
    // after the remount
    requestAnimationFrame(() => form.current?.focus());
  }

  async function submit(body: QuestionSetBody): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      const saved = editing ? await api.put<QuestionSet>(`/question-sets/${editing.id}`, body) : await api.post<QuestionSet>('/question-sets', body);
      setNotice(t(editing ? 'sets.saved' : 'sets.created', { name: saved?.name ?? body.name }));
      setDraft(EMPTY_SET);
      setEditing(null);
      setFormKey((k) => k + 1);
      sets.reload();
      return true;
    } catch (err) {
      setError(err as ApiError);
      return false;
    }
  }

  async function remove(set: QuestionSet) {
    setDeleting(null);
    setError(null);
    setNotice(null);
    try {
      await api.del(`/question-sets/${set.id}`);
      if (editing?.id === set.id) fill(EMPTY_SET, null, null);
      setNotice(t('sets.deleted', { name: set.name }));
      sets.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('sets.title')}</PageTitle>
      <section className="card" aria-labelledby="set-h">
        <h2 id="set-h">{editing ? t('sets.editTitle', { name: editing.name }) : t('sets.new')}</h2>
        {editing && <p className="muted">{t('sets.editNote')}</p>}
        <QuestionSetForm key={formKey} ref={form} initial={draft} editing={!!editing} onSubmit={submit} onCancel={() => fill(EMPTY_SET, null, null)} />
        {notice && <Notice>{notice}</Notice>}
        <ErrorBox error={error} />
      </section>
      {deleting && (
        <ConfirmDialog
          title={t('sets.deleteTitle')}
          confirmLabel={t('edit.confirmDelete')}
          cancelLabel={t('edit.keep')}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
          danger
        >
          <p>{t('sets.deleteBody', { name: deleting.name })}</p>
        </ConfirmDialog>
      )}
      {sets.loading && !sets.data ? (
        <Loading />
      ) : sets.error ? (
        <ErrorBox error={sets.error} onRetry={sets.reload} />
      ) : (
        <ul className="cards">
          {sets.data?.map((s) => (
            <li key={s.id} className="card" data-question-set={s.id}>
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
              <EditActions
                name={s.name}
                onEdit={() => fill(s, s, null)}
                onDuplicate={() => fill({ ...s, name: copyName(s.name, (name) => t('edit.copyName', { name }), 80) }, null, t('sets.duplicated', { name: s.name }))}
                onDelete={() => setDeleting(s)}
              />
            </li>
          ))}
        </ul>
      )}
      <ConsentTextsEditor />
      <CallSettings />
    </div>
  );
}
