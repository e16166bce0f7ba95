import { useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { checkNewPassword, MIN_PASSWORD_LENGTH, passwordLength } from '../lib/signin';
import { CODE_DIGITS, signInCodeProblem } from '../lib/mfa';
import { CodeField, useCodeEntry } from '../components/CodeField';
import { useSession } from '../session';
import { ErrorBox, PageTitle } from '../components/ui';
import { ForgotPassword } from '../components/ForgotPassword';

/**
 * Sign-in: e-mail + password. When the password was a temporary one (an invitation without a chosen password,
 * or Cognito's first sign-in on AWS) the API answers with the new-password challenge, and the same page asks
 * for the user's own password before signing in. When the account signs in with an authenticator app too, the API
 * answers with the code challenge, and the same page asks for the app's 6-digit code.
 */
export function SignIn() {
  const { t } = useI18n();
  const { signIn, tenant, config } = useSession();
  // An invitation link may carry the address: /t/{tenant}/?email=...
  const [email, setEmail] = useState(() => new URLSearchParams(window.location.search).get('email') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | string | null>(null);
  /** Set while the user chooses their own password; the challenge session lives in memory only. */
  const [challenge, setChallenge] = useState<{ email: string; session: string; temporary: string } | null>(null);
  /** Set while the user types the authenticator app's code; the challenge session lives in memory only. */
  const [mfa, setMfa] = useState<{ email: string; session: string } | null>(null);
  /** 「パスワードをお忘れの方」: the reset request replaces the form until the user goes back. */
  const [forgot, setForgot] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signIn(email.trim(), password);
      if (result.kind === 'new_password') {
        setChallenge({ email: email.trim(), session: result.session, temporary: password });
        setBusy(false);
      } else if (result.kind === 'mfa') {
        setMfa({ email: email.trim(), session: result.session });
        setBusy(false);
      }
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  }

  if (challenge) {
    return (
      <NewPassword
        {...challenge}
        onRestart={(why) => {
          setChallenge(null);
          setPassword('');
          setError(why);
        }}
      />
    );
  }

  if (mfa) {
    return (
      <MfaCode
        {...mfa}
        onRestart={(why) => {
          setMfa(null);
          setPassword('');
          setError(why);
        }}
      />
    );
  }

  if (forgot) {
    return (
      <div className="page narrow" data-signin-step="forgot">
        <PageTitle>{t('forgot.title')}</PageTitle>
        <p className="muted">{t('signin.tenant', { tenant })}</p>
        <ForgotPassword initialEmail={email.trim()} />
        <p>
          <button type="button" className="secondary" onClick={() => setForgot(false)}>
            {t('signin.back')}
          </button>
        </p>
      </div>
    );
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
      <p>
        <button type="button" className="link" onClick={() => setForgot(true)}>
          {t('forgot.open')}
        </button>
      </p>
    </div>
  );
}

/** The second step after a temporary password: the user's own password, twice, then POST auth/new-password. */
function NewPassword({
  email,
  session,
  temporary,
  onRestart,
}: {
  email: string;
  session: string;
  temporary: string;
  /** Back to the first step, with the reason to show there (null when the user chose to go back). */
  onRestart: (why: string | null) => void;
}) {
  const { t } = useI18n();
  const { choosePassword, tenant } = useSession();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | string | null>(null);
  const [invalid, setInvalid] = useState<'password' | 'confirm' | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setInvalid(null);
    const problem = checkNewPassword(password, confirm, temporary);
    if (problem) {
      const field = problem === 'mismatch' ? 'confirm' : 'password';
      setInvalid(field);
      setError(t(`signin.err.${problem}`, { min: MIN_PASSWORD_LENGTH, n: passwordLength(password) }));
      (field === 'confirm' ? confirmRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      await choosePassword(email, session, password);
      // signed in: the app replaces this page with the role's home
    } catch (err) {
      setBusy(false);
      const api = err as ApiError;
      if (api.kind === 'unauthenticated') {
        // the challenge expired (15 minutes) or was used already: start again with the temporary password
        onRestart(t('signin.expired'));
        return;
      }
      if (api.field === 'new_password') {
        setInvalid('password');
        passwordRef.current?.focus();
      }
      setError(api);
    }
  }

  return (
    <div className="page narrow" data-signin-step="new-password">
      <PageTitle>{t('signin.newTitle')}</PageTitle>
      <p className="muted">{t('signin.tenant', { tenant })}</p>
      <form onSubmit={submit} className="card form signin-step" noValidate aria-describedby="newpw-explain">
        <p id="newpw-explain">{t('signin.newExplain')}</p>
        <p className="muted">{t('signin.account', { email })}</p>
        {/* for password managers: which account the new password belongs to */}
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <label>
          {t('signin.newPassword')}
          <input
            ref={passwordRef}
            type="password"
            name="new-password"
            autoComplete="new-password"
            required
            aria-describedby="newpw-rule"
            aria-invalid={invalid === 'password' || undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p id="newpw-rule" className="muted">
          {t('signin.newRule', { min: MIN_PASSWORD_LENGTH })}
        </p>
        <label>
          {t('signin.confirmPassword')}
          <input
            ref={confirmRef}
            type="password"
            name="confirm-password"
            autoComplete="new-password"
            required
            aria-invalid={invalid === 'confirm' || undefined}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('signin.setBusy') : t('signin.setSubmit')}
          </button>
          <button type="button" className="secondary" onClick={() => onRestart(null)} disabled={busy}>
            {t('signin.back')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The second step of an account with an authenticator app: the app's current 6-digit code, then POST auth/mfa. */
function MfaCode({
  email,
  session,
  onRestart,
}: {
  email: string;
  session: string;
  /** Back to the first step, with the reason to show there (null when the user chose to go back). */
  onRestart: (why: string | null) => void;
}) {
  const { t } = useI18n();
  const { answerMfa, tenant } = useSession();
  const entry = useCodeEntry();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const typed = entry.typed(t('signin.mfaFormat', { n: CODE_DIGITS }));
    if (typed === null) return;
    setBusy(true);
    try {
      await answerMfa(email, session, typed);
      // signed in: the app replaces this page with the role's home
    } catch (err) {
      setBusy(false);
      const api = err as ApiError;
      const problem = signInCodeProblem(api);
      if (problem === 'expired') {
        // the step's 3 minutes are over (or it was used): start again with the password
        onRestart(t('signin.mfaExpired'));
        return;
      }
      if (problem === 'wrong_code') {
        entry.refuse(t('signin.mfaWrong'));
        return;
      }
      entry.setError(api);
    }
  }

  return (
    <div className="page narrow" data-signin-step="mfa">
      <PageTitle>{t('signin.mfaTitle')}</PageTitle>
      <p className="muted">{t('signin.tenant', { tenant })}</p>
      <form onSubmit={submit} className="card form signin-step" noValidate aria-describedby="mfa-explain">
        <p id="mfa-explain">{t('signin.mfaExplain', { n: CODE_DIGITS })}</p>
        <p className="muted">{t('signin.account', { email })}</p>
        <CodeField label={t('signin.mfaCode', { n: CODE_DIGITS })} entry={entry} />
        <ErrorBox error={entry.error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('signin.mfaBusy') : t('signin.mfaSubmit')}
          </button>
          <button type="button" className="secondary" onClick={() => onRestart(null)} disabled={busy}>
            {t('signin.back')}
          </button>
        </div>
        <p className="muted">{t('signin.mfaLost')}</p>
      </form>
    </div>
  );
}
