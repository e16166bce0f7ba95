// Admin: evaluation items — add one (name, kind, scale), and edit, duplicate or delete those listed. Editing and
// duplicating use the same form at the top (issue 14 item 8).
import { useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { EvaluationItem, ItemKind } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EditActions } from '../../components/EditActions';
import { copyName, exampleLines } from '../../lib/editing';

const NAME_MAX = 80;

interface ItemDraft {
  name: string;
  description: string;
  min: number;
  max: number;
  kind: ItemKind;
  /** Content items: one example sentence per line. */
  examples: string;
}

const EMPTY: ItemDraft = { name: '', description: '', min: 1, max: 5, kind: 'behaviour', examples: '' };

const draftOf = (i: EvaluationItem): ItemDraft => ({
  name: i.name,
  description: i.description,
  min: i.scale.min,
  max: i.scale.max,
  kind: i.kind,
  examples: (i.examples ?? []).join('\n'),
});


export function Items() {
  const { t } = useI18n();
  const { api } = useSession();
  const items = useLoad(() => api.get<EvaluationItem[]>('/evaluation-items'), [api]);
  const [draft, setDraft] = useState<ItemDraft>(EMPTY);
  /** The item being edited; null: the form adds a new one. */
  const [editing, setEditing] = useState<EvaluationItem | null>(null);
  const [deleting, setDeleting] = useState<EvaluationItem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const set = (p: Partial<ItemDraft>) => setDraft((d) => ({ ...d, ...p }));

  /** Fills the form (to edit `item`, or with a copy of it) and moves there. */
  function fill(next: ItemDraft, item: EvaluationItem | null, message: string | null) {
    setDraft(next);
    setEditing(item);
    setError(null);
    setNotice(message);
    nameInput.current?.scrollIntoView({ block: 'center' });
    nameInput.current?.focus();
  }

  function stopEditing() {
    setEditing(null);
    setDraft(EMPTY);
    setError(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const body = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      scale_min: draft.min,
      scale_max: draft.max,
      kind: draft.kind,
      // only content items take examples (the server refuses them on behaviour items)
      ...(draft.kind === 'content' ? { examples: exampleLines(draft.examples) } : {}),
    };
    try {
      if (editing) await api.put(`/evaluation-items/${editing.id}`, body);
      else await api.post('/evaluation-items', body);
      setNotice(t(editing ? 'items.saved' : 'items.created', { name: body.name }));
      setEditing(null);
      setDraft(EMPTY);
      items.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  async function remove(item: EvaluationItem) {
    setDeleting(null);
    setError(null);
    setNotice(null);
    try {
      await api.del(`/evaluation-items/${item.id}`);
      if (editing?.id === item.id) stopEditing();
      setNotice(t('items.deleted', { name: item.name }));
      items.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('items.title')}</PageTitle>
      <section className="card" aria-labelledby="item-h">
        <h2 id="item-h">{editing ? t('items.editTitle', { name: editing.name }) : t('items.new')}</h2>
        {editing && <p className="muted">{t('items.editNote')}</p>}
        <form className="form grid2" onSubmit={submit} data-mode={editing ? 'edit' : 'new'}>
          <label>
            {t('items.name')}
            <input ref={nameInput} name="name" required maxLength={NAME_MAX} value={draft.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
          <label>
            {t('items.kind')}
            <select name="kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as ItemKind })}>
              <option value="behaviour">{t('items.kind.behaviour')}</option>
              <option value="content">{t('items.kind.content')}</option>
            </select>
          </label>
          <label className="span2">
            {t('items.description')}
            <textarea name="description" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
          </label>
          {draft.kind === 'content' && (
            <label className="span2">
              {t('items.examples')}
              <textarea
                name="examples"
                rows={3}
                value={draft.examples}
                aria-describedby="item-examples-help"
                onChange={(e) => set({ examples: e.target.value })}
              />
              <span id="item-examples-help" className="muted">
                {t('items.examplesHelp')}
              </span>
            </label>
          )}
          <label>
            {t('items.min')}
            <input type="number" name="scale_min" required value={draft.min} onChange={(e) => set({ min: Number(e.target.value) })} />
          </label>
          <label>
            {t('items.max')}
            <input type="number" name="scale_max" required value={draft.max} onChange={(e) => set({ max: Number(e.target.value) })} />
          </label>
          <div className="actions">
            <button type="submit">{editing ? t('edit.save') : t('items.submit')}</button>
            {editing && (
              <button type="button" className="secondary" onClick={stopEditing}>
                {t('edit.cancel')}
              </button>
            )}
          </div>
        </form>
        {notice && <Notice>{notice}</Notice>}
        <ErrorBox error={error} />
      </section>
      {deleting && (
        <ConfirmDialog
          title={t('items.deleteTitle')}
          confirmLabel={t('edit.confirmDelete')}
          cancelLabel={t('edit.keep')}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
          danger
        >
          <p>{t('items.deleteBody', { name: deleting.name })}</p>
        </ConfirmDialog>
      )}
      {items.loading && !items.data ? (
        <Loading />
      ) : items.error ? (
        <ErrorBox error={items.error} onRetry={items.reload} />
      ) : (
        <ul className="cards">
          {items.data?.map((i) => (
            <li key={i.id} className="card" data-item={i.id}>
              <h3>{i.name}</h3>
              <p>{i.description}</p>
              {!!i.examples?.length && (
                <ul className="muted" aria-label={t('items.examples')}>
                  {i.examples.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              )}
              <p className="muted">
                {t('items.scale')}: {i.scale.min}–{i.scale.max} · {t(`items.kind.${i.kind}`)}
              </p>
              <EditActions
                name={i.name}
                onEdit={() => fill(draftOf(i), i, null)}
                onDuplicate={() =>
                  fill({ ...draftOf(i), name: copyName(i.name, (name) => t('edit.copyName', { name }), NAME_MAX) }, null, t('items.duplicated', { name: i.name }))
                }
                onDelete={() => setDeleting(i)}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
