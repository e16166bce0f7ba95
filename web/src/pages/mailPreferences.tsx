// The profile's mail section: whether to get interview reminders and which language(s) mail comes in
// (everything else mailed is what a person must be told: invitations, password links, interviews scheduled,
// moved or cancelled).
import { useState } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Notice } from '../components/ui';

type MailLanguage = 'both' | 'ja' | 'en';

interface MailPreferences {
  reminders: boolean;
  language: MailLanguage;
}

const LANGUAGES: MailLanguage[] = ['both', 'ja', 'en'];

export function MailPreferencesCard() {
  const { t } = useI18n();
  const { api } = useSession();
  const prefs = useLoad(() => api.get<MailPreferences>('/me/mail-preferences'), [api]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  /** Saves the whole preferences with one field changed (a PUT replaces them). */
  async function change(next: Partial<MailPreferences>) {
    if (!prefs.data) return;
    setError(null);
    setSaved(false);
    try {
      await api.put('/me/mail-preferences', { ...prefs.data, ...next });
      setSaved(true);
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
        <div className="form">
          <label className="check">
            <input type="checkbox" checked={prefs.data.reminders} onChange={(e) => void change({ reminders: e.target.checked })} />
            {t('profile.reminders')}
          </label>
          <label>
            {t('profile.mailLanguage')}
            <select value={prefs.data.language} onChange={(e) => void change({ language: e.target.value as MailLanguage })}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`profile.mailLanguage.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {saved && <Notice>{t('profile.mailSaved')}</Notice>}
      <ErrorBox error={error ?? prefs.error} onRetry={prefs.error ? prefs.reload : undefined} />
    </section>
  );
}
