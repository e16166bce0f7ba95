// The profile's mail section: whether to get interview reminders (everything else mailed is what a person
// must be told: invitations, password links, interviews scheduled, moved or cancelled).
import { useState } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Notice } from '../components/ui';

interface MailPreferences {
  reminders: boolean;
}

export function MailPreferencesCard() {
  const { t } = useI18n();
  const { api } = useSession();
  const prefs = useLoad(() => api.get<MailPreferences>('/me/mail-preferences'), [api]);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function change(reminders: boolean) {
    setError(null);
    setSaved(null);
    try {
      await api.put('/me/mail-preferences', { reminders });
      setSaved(reminders);
      prefs.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="profile-mail">
      <h2 id="profile-mail">{t('profile.mail')}</h2>
      <p>{t('profile.mailHelp')}</p>
      {prefs.data && (
        <label className="check">
          <input type="checkbox" checked={prefs.data.reminders} onChange={(e) => void change(e.target.checked)} />
          {t('profile.reminders')}
        </label>
      )}
      {saved !== null && <Notice>{t(saved ? 'profile.remindersOn' : 'profile.remindersOff')}</Notice>}
      <ErrorBox error={error ?? prefs.error} onRetry={prefs.error ? prefs.reload : undefined} />
    </section>
  );
}
