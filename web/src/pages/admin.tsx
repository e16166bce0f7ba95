import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import {
  ROLES,
  type EvaluationItem,
  type Invitation,
  type ItemKind,
  type ModelSettings,
  type ModelStatistics,
  type ModelView,
  type ProtectedAttributes,
  type Question,
  type QuestionSet,
  type Role,
  type User,
} from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, Unavailable, formatDateTime } from '../components/ui';
import { bundleFileName, featureLabel, num, sortWarnings, strongestRelations, warningText, FEW_INTERVIEWS } from '../lib/models';

export function Users() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const users = useLoad(() => api.get<User[]>('/users'), [api]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('interviewee');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);

  async function invite(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const inv = await api.post<Invitation>('/users', {
        email: email.trim(),
        display_name: name.trim(),
        role,
        password: password ? password : null,
      });
      setDone(inv);
      setEmail('');
      setName('');
      setPassword('');
      users.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function disable(u: User) {
    if (!window.confirm(t('users.confirmDisable', { name: u.display_name }))) return;
    setError(null);
    try {
      await api.post(`/users/${u.id}/disable`);
      users.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  async function changeRole(u: User, r: Role) {
    setError(null);
    try {
      await api.patch(`/users/${u.id}`, { role: r });
      users.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('users.title')}</PageTitle>
      <section className="card" aria-labelledby="invite-h">
        <h2 id="invite-h">{t('users.invite')}</h2>
        <form className="form grid2" onSubmit={invite}>
          <label>
            {t('users.email')}
            <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {t('users.name')}
            <input name="display_name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('users.role')}
            <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('users.password')}
            <input type="text" name="password" minLength={12} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('users.submit')}
            </button>
          </div>
        </form>
        {done && (
          <Notice>
            {t('users.invited', { name: done.user.display_name })}
            {done.temporary_password && (
              <span className="temp-password">
                <span>
                  {t('users.tempPasswordLabel')}:{' '}
                  <code data-temporary-password={done.temporary_password} translate="no">
                    {done.temporary_password}
                  </code>
                </span>
                <span>{t('users.tempPasswordNote')}</span>
              </span>
            )}
          </Notice>
        )}
        <ErrorBox error={error} />
      </section>
      {users.loading && !users.data ? (
        <Loading />
      ) : users.error ? (
        <ErrorBox error={users.error} onRetry={users.reload} />
      ) : (
        <div className="table-wrap stack-wrap">
          {/* Below 720 px each row becomes a card; the explicit roles keep the table semantics that display:block drops. */}
          <table className="stack-table" role="table">
            <caption className="sr-only">{t('users.title')}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">{t('users.name')}</th>
                <th scope="col" role="columnheader">{t('users.email')}</th>
                <th scope="col" role="columnheader">{t('users.role')}</th>
                <th scope="col" role="columnheader">{t('users.state')}</th>
                <th scope="col" role="columnheader">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {users.data?.map((u) => (
                <tr key={u.id} data-email={u.email} role="row">
                  <td role="cell" data-label={t('users.name')}>{u.display_name}</td>
                  <td role="cell" data-label={t('users.email')} className="break">{u.email}</td>
                  <td role="cell" data-label={t('users.role')}>
                    {u.id === me?.id ? (
                      t(`role.${u.role}`)
                    ) : (
                      <select
                        aria-label={`${t('users.role')}: ${u.display_name}`}
                        value={u.role}
                        disabled={u.disabled}
                        onChange={(e) => changeRole(u, e.target.value as Role)}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td role="cell" data-label={t('users.state')}>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                  <td role="cell" data-label={t('users.actions')}>
                    {!u.disabled && u.id !== me?.id && (
                      <button type="button" className="secondary small" onClick={() => disable(u)}>
                        {t('users.disable')}
                        <span className="sr-only">: {u.display_name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.data && <AttributesForm users={users.data} />}
    </div>
  );
}

/** Protected attributes (gender, age band): kept apart from the profile, used only for the fairness analysis. */
function AttributesForm({ users }: { users: User[] }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [userId, setUserId] = useState('');
  const [gender, setGender] = useState('');
  const [ageBand, setAgeBand] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setSaved(false);
    setError(null);
    if (!userId) return;
    let live = true;
    api
      .get<ProtectedAttributes>(`/users/${userId}/attributes`)
      .then((a) => {
        if (!live) return;
        setGender(a.gender ?? '');
        setAgeBand(a.age_band ?? '');
      })
      .catch((e: ApiError) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, userId]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.put(`/users/${userId}/attributes`, { gender: gender.trim() || null, age_band: ageBand.trim() || null });
      setSaved(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="attr-h">
      <h2 id="attr-h">{t('users.attributes')}</h2>
      <p className="muted">{t('users.attributesNote')}</p>
      <form className="form grid2" onSubmit={save}>
        <label>
          {t('users.attrUser')}
          <select value={userId} onChange={(e) => setUserId(e.target.value)} required>
            <option value="" disabled>
              —
            </option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.display_name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('users.gender')}
          <input value={gender} maxLength={40} onChange={(e) => setGender(e.target.value)} disabled={!userId} />
        </label>
        <label>
          {t('users.ageBand')}
          <input value={ageBand} maxLength={40} onChange={(e) => setAgeBand(e.target.value)} disabled={!userId} />
        </label>
        <div className="actions">
          <button type="submit" disabled={!userId}>
            {t('app.save')}
          </button>
        </div>
      </form>
      {saved && <Notice>{t('users.attrSaved')}</Notice>}
      <ErrorBox error={error} />
    </section>
  );
}

export function Models() {
  const { t } = useI18n();
  const { api } = useSession();
  const models = useLoad(() => api.get<ModelView[]>('/models'), [api]);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = models.data?.find((m) => m.active);

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await action());
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const train = () =>
    run(async () => {
      await api.post<{ request_id: string }>('/models/training');
      // Training runs in the background: look again after a moment (and on "refresh").
      window.setTimeout(models.reload, 3000);
      return t('models.trainStarted');
    });

  const activate = (m: ModelView) => {
    if (!window.confirm(t('models.confirmActivate', { version: m.version }))) return;
    void run(async () => {
      await api.post<ModelView>(`/models/${m.id}/activate`);
      models.reload();
      return t('models.activated', { version: m.version });
    });
  };

  const exportBundle = (m: ModelView) =>
    run(async () => {
      const bundle = await api.get<unknown>(`/models/${m.id}/bundle`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = bundleFileName(m.version, m.id);
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
      return null;
    });

  function importBundle(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    void run(async () => {
      let bundle: unknown;
      try {
        bundle = JSON.parse(await file.text());
      } catch {
        throw new Error(t('models.badBundle'));
      } finally {
        input.value = '';
      }
      const m = await api.post<ModelView>('/models/import', bundle);
      models.reload();
      return t('models.imported', { version: m.version });
    });
  }

  return (
    <div className="page">
      <PageTitle>{t('models.title')}</PageTitle>
      <section className="card" aria-labelledby="train-h">
        <h2 id="train-h">{t('models.train')}</h2>
        <p className="muted">{t('models.trainHelp')}</p>
        <div className="actions">
          <button type="button" onClick={train} disabled={busy}>
            {t('models.train')}
          </button>
          <button type="button" className="secondary" onClick={models.reload}>
            {t('models.refresh')}
          </button>
        </div>
        {message && <Notice>{message}</Notice>}
        <ErrorBox error={error} />
      </section>
      <RetrainSettings />
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">{t('models.versions')}</h2>
        {models.loading && !models.data ? (
          <Loading />
        ) : models.error ? (
          <ErrorBox error={models.error} onRetry={models.reload} />
        ) : !models.data?.length ? (
          <p data-testid="models-empty">{t('models.empty')}</p>
        ) : (
          <ul className="plain model-list">
            {models.data.map((m) => (
              <ModelCardView
                key={m.id}
                model={m}
                older={!!active && m.version < active.version}
                busy={busy}
                onActivate={() => activate(m)}
                onExport={() => exportBundle(m)}
              />
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="import-h">
        <h2 id="import-h">{t('models.import')}</h2>
        <p className="muted">{t('models.importHelp')}</p>
        <label>
          {t('models.importFile')}
          <input type="file" accept="application/json,.json" onChange={importBundle} disabled={busy} />
        </label>
      </section>
    </div>
  );
}

function ModelCardView({
  model: m,
  older,
  busy,
  onActivate,
  onExport,
}: {
  model: ModelView;
  older: boolean;
  busy: boolean;
  onActivate: () => void;
  onExport: () => void;
}) {
  const { t, lang } = useI18n();
  const [showStats, setShowStats] = useState(false);
  const card = m.card;
  const heading = `model-${m.id}-h`;
  const warnings = sortWarnings(card?.warnings ?? []);
  return (
    <li className="card model-card" data-model-version={m.version}>
      <h3 id={heading}>
        {t('models.version', { version: m.version })} {m.active && <span className="badge active-badge">{t('models.active')}</span>}
      </h3>
      <p className="muted">
        {t('models.created')}: {formatDateTime(m.created_at, lang)}
      </p>
      {m.provided && (
        <p>{t('models.provided', { tenant: m.provided.tenant, version: m.provided.version, date: formatDateTime(m.provided.imported_at, lang) })}</p>
      )}
      {card && (
        <p>
          {t('models.trainingData')}: {t('models.trainingDataText', { interviews: card.training_interviews, experts: card.experts })}
        </p>
      )}
      {warnings.map((w, i) => (
        <div key={`${w.code}-${i}`} className={w.code === FEW_INTERVIEWS ? 'warning strong-warning' : 'warning'} role="note">
          {w.code === FEW_INTERVIEWS ? <strong>{warningText(w, lang)}</strong> : warningText(w, lang)}
        </div>
      ))}
      {!!card?.items?.length && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('models.cvCaption', { version: m.version })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('models.item')}</th>
                <th scope="col">{t('models.kind')}</th>
                <th scope="col">{t('models.cvN')}</th>
                <th scope="col">{t('models.cvMae')}</th>
                <th scope="col">{t('models.cvR')}</th>
              </tr>
            </thead>
            <tbody>
              {card.items.map((it) => {
                const kindKey = `models.kind.${it.model?.kind}`;
                return (
                  <tr key={it.id}>
                    <th scope="row">{it.name}</th>
                    <td>{kindKey in KIND_KEYS ? t(kindKey as MessageKey) : (it.model?.kind ?? '—')}</td>
                    <td>{it.cv?.n ?? '—'}</td>
                    <td>{num(it.cv?.mae)}</td>
                    <td>{num(it.cv?.pearson_r)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        {!m.active && (
          <button type="button" onClick={onActivate} disabled={busy}>
            {older ? t('models.rollback') : t('models.activate')}
            <span className="sr-only">: {t('models.version', { version: m.version })}</span>
          </button>
        )}
        <button type="button" className="secondary" onClick={onExport} disabled={busy}>
          {t('models.export')}
          <span className="sr-only">: {t('models.version', { version: m.version })}</span>
        </button>
        <button type="button" className="secondary" aria-expanded={showStats} onClick={() => setShowStats((x) => !x)}>
          {showStats ? t('models.hideStatistics') : t('models.showStatistics')}
          <span className="sr-only">: {t('models.version', { version: m.version })}</span>
        </button>
      </div>
      {showStats && <StatisticsView modelId={m.id} />}
    </li>
  );
}

const KIND_KEYS: Record<string, true> = { 'models.kind.ridge': true, 'models.kind.elastic_net': true, 'models.kind.boosted_stumps': true };

/** The model's feature–item statistics, loaded on demand: the 10 strongest relations and the workbook. */
function StatisticsView({ modelId }: { modelId: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const stats = useLoad(() => api.get<ModelStatistics>(`/models/${modelId}/statistics`), [api, modelId]);
  if (stats.loading && !stats.data) return <Loading />;
  if (stats.error?.status === 404) return <p className="muted">{t('models.noStatistics')}</p>;
  if (stats.error || !stats.data) return <ErrorBox error={stats.error} onRetry={stats.reload} />;
  const st = stats.data.statistics;
  const top = strongestRelations(st.relations ?? [], 10);
  const itemName = (id: string) => st.items?.find((i) => i.id === id)?.name ?? id;
  return (
    <section aria-label={t('models.statistics')}>
      <h4>{t('models.strongest', { n: top.length, interviews: st.interviews })}</h4>
      {!top.length ? (
        <p className="muted">{t('models.noRelations')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('models.strongest', { n: top.length, interviews: st.interviews })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('models.feature')}</th>
                <th scope="col">{t('models.item')}</th>
                <th scope="col">{t('models.rho')}</th>
                <th scope="col">{t('models.q')}</th>
                <th scope="col">{t('models.cvN')}</th>
              </tr>
            </thead>
            <tbody>
              {top.map((r) => (
                <tr key={`${r.item}-${r.feature}`}>
                  <th scope="row">{featureLabel({ feature: r.feature, label_ja: r.feature_ja, label_en: r.feature_en }, lang)}</th>
                  <td>{itemName(r.item)}</td>
                  <td>{num(r.spearman?.coefficient)}</td>
                  <td>{num(r.spearman?.q, 3)}</td>
                  <td>{r.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={stats.data.workbook_url} download>
          {t('models.workbook')}
        </a>
      </p>
    </section>
  );
}

/** Retraining on its own after N new expert ratings (new versions still wait for an administrator). */
function RetrainSettings() {
  const { t } = useI18n();
  const { api } = useSession();
  const settings = useLoad(() => api.get<ModelSettings>('/models/settings'), [api]);
  const [auto, setAuto] = useState(false);
  const [after, setAfter] = useState(10);
  const [conversation, setConversation] = useState(false);
  const [scores, setScores] = useState(false);
  const [wording, setWording] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!settings.data) return;
    setAuto(settings.data.auto_retrain);
    setAfter(settings.data.retrain_after_ratings);
    setConversation(settings.data.conversation_features ?? false);
    setScores(settings.data.feedback_shows_scores ?? false);
    setWording(settings.data.language_model_wording ?? false);
  }, [settings.data]);

  /** Servers before the language model option do not list it; the checkbox is not shown to them. */
  const wordingKnown = settings.data?.language_model_wording !== undefined;

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      // The whole settings object: options left out would be turned off.
      await api.put<ModelSettings>('/models/settings', {
        auto_retrain: auto,
        retrain_after_ratings: after,
        conversation_features: conversation,
        feedback_shows_scores: scores,
        // Only to a server that knows the option (it refuses fields it does not know).
        ...(wordingKnown ? { language_model_wording: wording } : {}),
      });
      setSaved(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="retrain-h">
      <h2 id="retrain-h">{t('models.settings')}</h2>
      {settings.loading && !settings.data ? (
        <Loading />
      ) : settings.error ? (
        <ErrorBox error={settings.error} onRetry={settings.reload} />
      ) : (
        <form className="form" onSubmit={save}>
          <label className="check">
            <input type="checkbox" name="auto_retrain" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
            {t('models.autoRetrain')}
          </label>
          <label>
            {t('models.retrainAfter')}
            <input
              type="number"
              name="retrain_after_ratings"
              min={1}
              max={1000}
              required
              value={after}
              onChange={(e) => setAfter(Number(e.target.value))}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="conversation_features"
              checked={conversation}
              onChange={(e) => setConversation(e.target.checked)}
            />
            {t('models.conversationFeatures')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="feedback_shows_scores"
              checked={scores}
              onChange={(e) => setScores(e.target.checked)}
            />
            {t('models.feedbackShowsScores')}
          </label>
          {wordingKnown && (
            <>
              <label className="check">
                <input
                  type="checkbox"
                  name="language_model_wording"
                  checked={wording}
                  aria-describedby="language-model-wording-help"
                  onChange={(e) => setWording(e.target.checked)}
                />
                {t('models.languageModelWording')}
              </label>
              <p id="language-model-wording-help" className="muted check-help">
                {t('models.languageModelWordingHelp')}
              </p>
            </>
          )}
          <p className="muted">{t('models.settingsNote')}</p>
          <div className="actions">
            <button type="submit">{t('app.save')}</button>
          </div>
          {saved && <Notice>{t('models.settingsSaved')}</Notice>}
          <ErrorBox error={error} />
        </form>
      )}
    </section>
  );
}

export function Settings() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageTitle>{t('settings.title')}</PageTitle>
      <Unavailable title={t('settings.title')} text={t('settings.unavailable')} />
    </div>
  );
}

export function Items() {
  const { t } = useI18n();
  const { api } = useSession();
  const items = useLoad(() => api.get<EvaluationItem[]>('/evaluation-items'), [api]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [min, setMin] = useState(1);
  const [max, setMax] = useState(5);
  const [kind, setKind] = useState<ItemKind>('behaviour');
  const [error, setError] = useState<ApiError | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/evaluation-items', { name: name.trim(), description: description.trim(), scale_min: min, scale_max: max, kind });
      setName('');
      setDescription('');
      items.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <div className="page">
      <PageTitle>{t('items.title')}</PageTitle>
      <section className="card" aria-labelledby="item-h">
        <h2 id="item-h">{t('items.new')}</h2>
        <form className="form grid2" onSubmit={create}>
          <label>
            {t('items.name')}
            <input name="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('items.kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ItemKind)}>
              <option value="behaviour">{t('items.kind.behaviour')}</option>
              <option value="content">{t('items.kind.content')}</option>
            </select>
          </label>
          <label className="span2">
            {t('items.description')}
            <textarea name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label>
            {t('items.min')}
            <input type="number" name="scale_min" required value={min} onChange={(e) => setMin(Number(e.target.value))} />
          </label>
          <label>
            {t('items.max')}
            <input type="number" name="scale_max" required value={max} onChange={(e) => setMax(Number(e.target.value))} />
          </label>
          <div className="actions">
            <button type="submit">{t('items.submit')}</button>
          </div>
        </form>
        <ErrorBox error={error} />
      </section>
      {items.loading && !items.data ? (
        <Loading />
      ) : items.error ? (
        <ErrorBox error={items.error} onRetry={items.reload} />
      ) : (
        <ul className="cards">
          {items.data?.map((i) => (
            <li key={i.id} className="card">
              <h3>{i.name}</h3>
              <p>{i.description}</p>
              <p className="muted">
                {t('items.scale')}: {i.scale.min}–{i.scale.max} · {t(`items.kind.${i.kind}`)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

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
                {t('sets.count', { n: s.questions.length })} · {t('sets.retakes')}: {s.retake_limit}
              </p>
              <ol>
                {s.questions.map((q, i) => (
                  <li key={i}>
                    {q.text} <span className="muted">({q.answer_seconds}s)</span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
