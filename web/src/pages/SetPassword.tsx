// The page a mailed link opens (issue 15): /t/{tenant}/set-password#pl1.… — an invitation's (7 days) or a
// reset's (1 hour). No session needed. The token is read from the fragment once and taken out of the address
// at once, so it stays neither in the history nor on the screen; it lives in this page's memory only.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { addressWithoutHash, tokenFromHash } from '../lib/mail';
import { checkNewPassword, MIN_PASSWORD_LENGTH, passwordLength } from '../lib/signin';
import { useSession } from '../session';
import { ErrorBox, Notice, PageTitle } from '../components/ui';
import { ForgotPassword } from '../components/ForgotPassword';

export function SetPassword() {
  const { t } = useI18n();
  const { api, tenant } = useSession();
  const [, navigate] = useLocation();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [invalid, setInvalid] = useState<'password' | 'confirm' | null>(null);
  /** The link was refused (expired or used): the server's words, and the form to ask for a new one. */
  const [refused, setRefused] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', addressWithoutHash(window.location));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    setError(null);
    setInvalid(null);
    const problem = checkNewPassword(password, confirm, '');
    if (problem) {
      const field = problem === 'mismatch' ? 'confirm' : 'password';
      setInvalid(field);
      setError(t(`signin.err.${problem}`, { min: MIN_PASSWORD_LENGTH, n: passwordLength(password) }));
      (field === 'confirm' ? confirmRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.post('/auth/set-password', { token, password }, { auth: false });
      setPassword('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      const problem = err as ApiError;
      if (problem.field === 'token') setRefused(problem.message);
      else {
        if (problem.field === 'password') {
          setInvalid('password');
          passwordRef.current?.focus();
        }
        setError(problem);
      }
    } finally {
      setBusy(false);
    }
  }

  const askAgain = (
    <ForgotPassword heading={t('setpw.newLink')} help={t('setpw.newLinkHelp')} />
  );

  let body;
  if (done)
    body = (
      <>
        <Notice>{t('setpw.done')}</Notice>
        <p>
          <button type="button" onClick={() => navigate('/signin')}>
            {t('setpw.toSignIn')}
          </button>
        </p>
      </>
    );
  else if (!token)
    body = (
      <>
        <p className="notice" data-testid="set-password-no-token">{t('setpw.noToken')}</p>
        {askAgain}
      </>
    );
  else if (refused)
    body = (
      <>
        <div className="error" role="alert" data-testid="set-password-refused">
          <p>{refused}</p>
        </div>
        {askAgain}
      </>
    );
  else
    body = (
      <form onSubmit={submit} className="card form signin-step" noValidate aria-describedby="setpw-explain">
        <p id="setpw-explain">{t('setpw.explain')}</p>
        <label>
          {t('signin.newPassword')}
          <input
            ref={passwordRef}
            type={shown ? 'text' : 'password'}
            name="new-password"
            autoComplete="new-password"
            required
            aria-describedby="setpw-rule"
            aria-invalid={invalid === 'password' || undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p id="setpw-rule" className="muted">
          {t('setpw.rule', { min: MIN_PASSWORD_LENGTH })}
        </p>
        <label>
          {t('signin.confirmPassword')}
          <input
            ref={confirmRef}
            type={shown ? 'text' : 'password'}
            name="confirm-password"
            autoComplete="new-password"
            required
            aria-invalid={invalid === 'confirm' || undefined}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        <label className="show-password">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
          {t('setpw.show')}
        </label>
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('setpw.busy') : t('setpw.submit')}
        </button>
      </form>
    );

  return (
    <div className="page narrow" data-set-password={done ? 'done' : !token ? 'no-token' : refused ? 'refused' : 'form'}>
      <PageTitle>{t('setpw.title')}</PageTitle>
      <p className="muted">{t('signin.tenant', { tenant })}</p>
      {body}
    </div>
  );
}
