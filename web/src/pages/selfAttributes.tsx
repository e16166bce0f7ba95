// Everyone's own declaration of gender and age band (issue 19 item 1), reached from the profile page: fixed choices
// that always include 回答しない, a consent of its own saying the one use (checking the AI for bias; never a feature,
// never shown to interviewers or experts), and withdrawing it, which deletes the answers.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { ApiError } from '../api/client';
import { useEthicsI18n, type EthicsKey } from '../i18n/ethics';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, PageTitle, formatDateTime } from '../components/ui';
import { AGE_BANDS, ATTRIBUTES_TEXT_VERSION, GENDERS, declaration, groupLabel, withdrawal, type OwnAttributes } from '../lib/ethics';

export function SelfAttributes() {
  const { t } = useEthicsI18n();
  const { api } = useSession();
  const own = useLoad(() => api.get<OwnAttributes>('/me/attributes'), [api]);
  const [gender, setGender] = useState('');
  const [ageBand, setAgeBand] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<EthicsKey | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const consentId = useId();

  useEffect(() => {
    if (!own.data) return;
    setGender(own.data.gender ?? '');
    setAgeBand(own.data.age_band ?? '');
  }, [own.data]);

  async function send(body: Record<string, unknown>, message: EthicsKey) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await api.put('/me/attributes', body);
      setDone(message);
      own.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!agreed) return;
    void send(declaration(gender, ageBand), 'selfattr.saved');
  }

  function withdraw() {
    setAgreed(false);
    setGender('');
    setAgeBand('');
    void send(withdrawal(), 'selfattr.withdrawn');
  }

  return (
    <div className="page narrow">
      <PageTitle>{t('selfattr.title')}</PageTitle>
      <p>{t('selfattr.intro')}</p>
      <CurrentState own={own.data} onWithdraw={withdraw} busy={busy} />
      {own.loading && !own.data ? <Loading /> : null}
      {done && <Notice>{t(done)}</Notice>}
      <ErrorBox error={error ?? own.error} onRetry={own.error ? own.reload : undefined} />
      <form className="form" onSubmit={submit} data-testid="selfattr-form">
        <Choices legend={t('selfattr.gender')} name="gender" attribute="gender" values={GENDERS} value={gender} onChange={setGender} />
        <Choices legend={t('selfattr.ageBand')} name="age_band" attribute="age_band" values={AGE_BANDS} value={ageBand} onChange={setAgeBand} />
        <section className="card" aria-labelledby={`${consentId}-h`} data-testid="selfattr-consent">
          <h2 id={`${consentId}-h`}>{t('selfattr.consentTitle')}</h2>
          <p id={`${consentId}-text`}>{t('selfattr.consent')}</p>
          <p className="muted">{t('selfattr.version', { version: ATTRIBUTES_TEXT_VERSION })}</p>
          <label className="check">
            <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} aria-describedby={`${consentId}-text`} required />
            {t('selfattr.agree')}
          </label>
        </section>
        <div className="actions">
          <button type="submit" disabled={busy || !agreed}>
            {t('selfattr.submit')}
          </button>
        </div>
      </form>
      <p>
        <Link href="/profile">{t('selfattr.back')}</Link>
      </p>
    </div>
  );
}

function Choices({
  legend,
  name,
  attribute,
  values,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  attribute: 'gender' | 'age_band';
  values: readonly string[];
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useEthicsI18n();
  return (
    <fieldset className="card" data-attribute={name}>
      <legend>{legend}</legend>
      <div className="choices">
        {values.map((v) => (
          <label key={v} className="pill">
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} required />
            {groupLabel(t, attribute, v)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** What is stored now and on what basis, with the withdrawal. */
function CurrentState({ own, onWithdraw, busy }: { own: OwnAttributes | null; onWithdraw: () => void; busy: boolean }) {
  const { t, lang } = useEthicsI18n();
  if (!own) return null;
  const basis = own.basis;
  return (
    <section className="card" aria-labelledby="selfattr-current-h" data-testid="selfattr-current" data-basis={basis?.by ?? 'none'}>
      <h2 id="selfattr-current-h">{t('selfattr.current')}</h2>
      {!basis ? (
        <p>{t('selfattr.state.none')}</p>
      ) : (
        <>
          <p>
            {basis.by === 'self_declared'
              ? t('selfattr.state.self', { at: formatDateTime(basis.at, lang), version: basis.text_version })
              : t('selfattr.state.admin', { at: formatDateTime(basis.at, lang) })}
          </p>
          <p>
            {t('selfattr.state.values', {
              gender: own.gender ? groupLabel(t, 'gender', own.gender) : t('selfattr.notAnswered'),
              age: own.age_band ? groupLabel(t, 'age_band', own.age_band) : t('selfattr.notAnswered'),
            })}
          </p>
          <div className="actions">
            <button type="button" className="secondary danger-text" onClick={onWithdraw} disabled={busy}>
              {t('selfattr.withdraw')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
