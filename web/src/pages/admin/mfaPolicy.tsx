// Admin: 2 段階認証 on the tenant settings page (issue 20 item 6) — whether admins and experts must sign in with an
// authenticator app, and how many of them have none yet. Turning it on needs the admin's own app first (the API
// answers 422 on the field, said here next to the checkbox with the way to the profile); the change is in the
// activity log.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice } from '../../components/ui';
import { policyProblem, readMfaPolicy, type MfaPolicy } from '../../lib/mfa';

export function MfaPolicyCard() {
  const { t } = useI18n();
  const { api } = useSession();
  const loaded = useLoad(() => api.get<unknown>('/mfa/policy').then(readMfaPolicy), [api]);
  const [policy, setPolicy] = useState<MfaPolicy | null>(null);
  const [required, setRequired] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!loaded.data) return;
    setPolicy(loaded.data);
    setRequired(loaded.data.staff_mfa_required);
  }, [loaded.data]);

  // a server without the policy (older than it): nothing to offer
  if (loaded.error?.kind === 'not_found') return null;

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const next = readMfaPolicy(await api.put<unknown>('/mfa/policy', { staff_mfa_required: required }));
      setPolicy(next);
      setRequired(next.staff_mfa_required);
      setSaved(next.staff_mfa_required);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const ownAppMissing = error !== null && policyProblem(error) === 'own_app_missing';
  return (
    <section className="card" aria-labelledby="mfa-policy-h" data-testid="mfa-policy">
      <h2 id="mfa-policy-h">{t('mfaPolicy.title')}</h2>
      <p className="muted">{t('mfaPolicy.help')}</p>
      {loaded.loading && !policy ? <Loading /> : null}
      {loaded.error && !policy ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : null}
      {policy && (
        <form className="form" onSubmit={save}>
          <p data-testid="mfa-policy-without" data-count={policy.staff_without_mfa}>
            {t('mfaPolicy.without', { n: policy.staff_without_mfa })}
          </p>
          <label className="check">
            <input
              type="checkbox"
              name="staff_mfa_required"
              checked={required}
              aria-invalid={ownAppMissing || undefined}
              aria-describedby={ownAppMissing ? 'mfa-policy-help mfa-policy-error' : 'mfa-policy-help'}
              onChange={(e) => {
                setRequired(e.target.checked);
                setSaved(null);
              }}
            />
            {t('mfaPolicy.field')}
          </label>
          <p id="mfa-policy-help" className="muted check-help">
            {t('mfaPolicy.fieldHelp')}
          </p>
          {ownAppMissing && (
            <div id="mfa-policy-error">
              <ErrorBox error={error} />
              <p>
                <Link href="/profile">{t('mfaPolicy.ownApp')}</Link>
              </p>
            </div>
          )}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('app.save')}
            </button>
          </div>
          {saved !== null && <Notice>{t(saved ? 'mfaPolicy.savedOn' : 'mfaPolicy.savedOff')}</Notice>}
          {!ownAppMissing && <ErrorBox error={error} />}
        </form>
      )}
    </section>
  );
}
