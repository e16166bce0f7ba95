// 「パスワードをお忘れの方」 (issue 15): asks for a reset link by mail. The answer is the same whatever the
// address (the server never tells whether it has an account); a repeated request is told how long to wait.
import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { waitMinutes } from '../lib/mail';
import { useSession } from '../session';
import { ErrorBox, Notice } from './ui';

export function ForgotPassword({ initialEmail = '', heading, help }: { initialEmail?: string; heading?: string; help?: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [email, setEmail] = useState(initialEmail);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const headingId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // no bearer token: the person is not signed in, and a signed-in admin asking for someone must not matter
      await api.post('/auth/password-reset', { email: email.trim() }, { auth: false });
      setSent(true);
    } catch (err) {
      const api = err as ApiError;
      if (api.status === 429) {
        const minutes = waitMinutes(api.retryAfter);
        setError(minutes === null ? t('forgot.waitSoon') : t('forgot.wait', { minutes }));
      } else setError(api);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card form" aria-labelledby={heading ? headingId : undefined} data-testid="forgot-password">
      {heading && <h2 id={headingId}>{heading}</h2>}
      {sent ? (
        <Notice>
          <p>{t('forgot.sent')}</p>
          <p>{t('forgot.notArrived')}</p>
        </Notice>
      ) : (
        <form onSubmit={submit} className="form signin-step">
          <p>{t('forgot.explain')}</p>
          {help && <p className="muted">{help}</p>}
          <label>
            {t('signin.email')}
            <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <ErrorBox error={error} />
          <button type="submit" disabled={busy}>
            {busy ? t('forgot.busy') : t('forgot.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
