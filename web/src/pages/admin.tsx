import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { ROLES, type EvaluationItem, type Invitation, type ItemKind, type ProtectedAttributes, type Question, type QuestionSet, type Role, type User } from '../api/types';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, Unavailable } from '../components/ui';

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
              <>
                <br />
                <code>{t('users.tempPassword', { password: done.temporary_password })}</code>
              </>
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
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.state')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data?.map((u) => (
                <tr key={u.id} data-email={u.email}>
                  <td>{u.display_name}</td>
                  <td>{u.email}</td>
                  <td>
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
                  <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                  <td>
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
  return (
    <div className="page">
      <PageTitle>{t('models.title')}</PageTitle>
      <Unavailable title={t('models.title')} text={t('models.unavailable')} />
    </div>
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
