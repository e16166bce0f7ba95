import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ErrorBox, PageTitle } from '../components/ui';

export function SignIn() {
  const { t } = useI18n();
  const { signIn, tenant, config } = useSession();
  // An invitation link may carry the address: /t/{tenant}/?email=...
  const [email, setEmail] = useState(() => new URLSearchParams(window.location.search).get('email') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page narrow">
      <PageTitle>{t('signin.title')}</PageTitle>
      <p className="muted">{t('signin.tenant', { tenant })}</p>
      {config.auth === 'cognito' && <p className="notice">{t('signin.cognito')}</p>}
      <form onSubmit={submit} className="card form">
        <label>
          {t('signin.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('signin.password')}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
      </form>
    </div>
  );
}
