// Issue 14 item 11: what a candidate expects to read before agreeing (APPI) — the company responsible, the purpose,
// who processes the data, how long it is kept, how to withdraw, whom to ask and the privacy policy — from the
// tenant's consent texts (shared by the consent screen and the admin's preview).
import type { ConsentTextsInput } from '../../api/types';
import { useI18n } from '../../i18n';
import { contactHref, wordingFor } from '../../lib/consentTexts';

/** `nested`: shown inside the admin's preview, below its own headings. */
export function DataHandling({ texts, version, nested }: { texts: ConsentTextsInput; version?: string; nested?: boolean }) {
  const { t, lang } = useI18n();
  const w = wordingFor(texts, lang);
  const href = contactHref(texts.contact);
  const rows: [string, React.ReactNode][] = [
    [t('consent.label.operator'), texts.operator],
    [t('consent.label.purpose'), w.purpose],
    [t('consent.label.processors'), w.processors],
    [t('consent.label.retention'), w.retention],
    [t('consent.label.withdrawal'), w.withdrawal],
    [t('consent.label.contact'), href ? <a href={href}>{texts.contact}</a> : t('consent.contactDefault')],
  ];
  return (
    <section className="card" aria-labelledby={`consent-data-title${nested ? '-preview' : ''}`} data-testid="consent-data">
      {nested ? <h4 id="consent-data-title-preview">{t('consent.dataTitle')}</h4> : <h2 id="consent-data-title">{t('consent.dataTitle')}</h2>}
      <dl className="consent-data">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {texts.privacy_policy_url && (
        <p>
          <a href={texts.privacy_policy_url} target="_blank" rel="noopener noreferrer">
            {t('consent.privacyPolicy')}
          </a>
        </p>
      )}
      {version && (
        <p className="muted" data-testid="consent-version">
          {t('consent.version', { version })}
        </p>
      )}
    </section>
  );
}
