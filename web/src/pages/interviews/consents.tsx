// Interview detail: the interviewee's three consent choices in plain words (not answered yet / agreed / declined).
import type { Consent, ConsentKind } from '../../api/types';
import { useI18n } from '../../i18n';
import { consentState } from '../../lib/interviewOverview';

const KINDS: ConsentKind[] = ['recording', 'ai_evaluation', 'training_use'];

export function ConsentList({ consents }: { consents: Consent[] | null }) {
  const { t } = useI18n();
  return (
    <ul className="plain consent-list">
      {KINDS.map((k) => {
        const state = consentState(consents, k);
        const c = consents?.find((x) => x.kind === k);
        return (
          <li key={k} data-consent-kind={k} data-consent-state={state} data-granted={c ? String(c.granted) : 'missing'}>
            {t(`ov.consent.${k}`)}: <span className={`consent-${state}`}>{t(`ov.consentState.${state}`)}</span>
          </li>
        );
      })}
    </ul>
  );
}
