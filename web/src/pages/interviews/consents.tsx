// Interview detail: the interviewee's three consent choices (recording, AI evaluation, training use), for staff.
import type { Consent, ConsentKind } from '../../api/types';
import { useI18n } from '../../i18n';

const KINDS: ConsentKind[] = ['recording', 'ai_evaluation', 'training_use'];

export function ConsentsCard({ consents }: { consents: Consent[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="consent-h">
      <h2 id="consent-h">{t('detail.consents')}</h2>
      <ul className="plain">
        {KINDS.map((k) => {
          const c = consents.find((x) => x.kind === k);
          const key = k === 'recording' ? 'consent.recording' : k === 'ai_evaluation' ? 'consent.ai' : 'consent.training';
          return (
            <li key={k} data-consent-kind={k} data-granted={c ? String(c.granted) : 'missing'}>
              {t(key)}: {c ? (c.granted ? t('detail.consentGranted') : t('detail.consentDeclined')) : t('detail.consentMissing')}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
