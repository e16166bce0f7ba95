// Interview detail, on a recording card: staff ask the candidate to answer that question again (issue 14 item 3),
// with a reason the candidate reads; once asked, the card says so.
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import type { Interview, Recording } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ui';
import { useI18n } from '../../i18n';
import { mayAskRetake } from '../../lib/interviewAccess';
import { useSession } from '../../session';

const MAX_REASON = 500;

export function RetakeRequest({ rec, interview, onAsked }: { rec: Recording; interview: Interview; onAsked: () => void }) {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const [reason, setReason] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (rec.retake_request) {
    return (
      <p className="retake-asked">
        <span className="badge">{t('retake.asked')}</span> {t('retake.reasonShown', { reason: rec.retake_request.reason })}
      </p>
    );
  }
  if (!mayAskRetake(interview, rec, me)) return null;
  if (reason === null) {
    return (
      <button type="button" className="secondary small" onClick={() => setReason(prefill(rec, lang))}>
        {t('retake.ask')}
      </button>
    );
  }
  const trimmed = reason.trim();
  async function send() {
    setConfirming(false);
    setError(null);
    try {
      await api.post(`/interviews/${interview.id}/recordings/${rec.id}/retake-request`, { reason: trimmed });
      onAsked();
    } catch (e) {
      setError(e as ApiError);
    }
  }
  return (
    <div className="form retake-form">
      <label>
        {t('retake.reasonLabel')}
        <textarea name="retake_reason" rows={3} maxLength={MAX_REASON} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="toolbar">
        <button type="button" disabled={!trimmed} onClick={() => setConfirming(true)}>
          {t('retake.ask')}
        </button>
        <button type="button" className="secondary" onClick={() => setReason(null)}>
          {t('retake.cancel')}
        </button>
      </div>
      <ErrorBox error={error} />
      {confirming && (
        <ConfirmDialog
          title={t('retake.confirmTitle')}
          confirmLabel={t('retake.confirm')}
          cancelLabel={t('retake.cancel')}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('retake.confirmBody', { q: (rec.question?.index ?? 0) + 1 })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The analysis' own reasons, in the screen's language, when it found the recording not good enough. */
function prefill(rec: Recording, lang: string): string {
  const a = rec.analysis;
  if (!a || a.sufficient) return '';
  const reasons = lang === 'ja' ? (a.reasons_ja ?? []) : a.reasons;
  return reasons.join(lang === 'ja' ? '。' : '. ').slice(0, MAX_REASON);
}
