/**
 * The summary panel of the interview detail: what the interviewee said, per question, from the meeting's
 * transcript (Teams/Zoom WebVTT, SubRip, plain text or Amazon Transcribe JSON) that an admin or the
 * interview's interviewer uploads. Experts may read it.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import type { InterviewSummary, SummaryAnswer } from '../api/types';
import { summaryOf } from '../lib/noneYet';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, Notice, formatDateTime } from '../components/ui';
import { MAX_TRANSCRIPT_BYTES, TRANSCRIPT_ACCEPT, decodeTranscript, formatFromFileName, hasSentences, keptPercent, speakerChoices } from '../lib/transcript';

export function SummaryPanel({
  interviewId,
  canUpload,
  onSummary,
}: {
  interviewId: string;
  canUpload: boolean;
  /** Told whenever the panel knows whether there is a summary (null: none). */
  onSummary?: (s: InterviewSummary | null) => void;
}) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  // "no transcript yet" is an answer ({"state": "none"}), not an error
  const loaded = useLoad(() => api.get<SummaryAnswer>(`/interviews/${interviewId}/summary`).then(summaryOf), [api, interviewId]);
  const [summary, setSummary] = useState<InterviewSummary | null>(null);
  useEffect(() => {
    if (!loaded.loading && !loaded.error) {
      setSummary(loaded.data);
      onSummary?.(loaded.data);
    }
  }, [loaded.data, loaded.loading, loaded.error]);

  const [notice, setNotice] = useState<string | null>(null);
  function replaced(s: InterviewSummary, how: 'uploaded' | 'speaker') {
    setSummary(s);
    setNotice(how === 'uploaded' ? t('sum.uploaded') : t('sum.resummarised'));
    onSummary?.(s);
  }

  const state = loaded.loading && !loaded.data && !summary ? 'loading' : loaded.error ? 'error' : summary ? 'ready' : 'none';
  return (
    <section className="card summary-panel" aria-labelledby="sum-h" data-summary-state={state}>
      <h2 id="sum-h">{t('detail.summary')}</h2>
      {state === 'loading' ? (
        <Loading />
      ) : state === 'error' ? (
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      ) : summary ? (
        <SummaryView summary={summary} canEdit={canUpload} onReplaced={(s) => replaced(s, 'speaker')} />
      ) : (
        <p className="muted">{canUpload ? t('sum.none') : t('sum.noneRead')}</p>
      )}
      {notice && <Notice>{notice}</Notice>}
      {canUpload && state === 'none' && <TranscriptUpload interviewId={interviewId} onDone={(s) => replaced(s, 'uploaded')} />}
      {canUpload && state === 'ready' && (
        <details className="transcript-replace">
          <summary>{t('sum.replace')}</summary>
          <TranscriptUpload interviewId={interviewId} onDone={(s) => replaced(s, 'uploaded')} />
        </details>
      )}
      {summary && <p className="muted small-print">{t('sum.created', { date: formatDateTime(summary.created_at, lang) })}</p>}
    </section>
  );
}

function SummaryView({ summary, canEdit, onReplaced }: { summary: InterviewSummary; canEdit: boolean; onReplaced: (s: InterviewSummary) => void }) {
  const { t } = useI18n();
  const pct = keptPercent(summary);
  return (
    <>
      <dl className="facts summary-facts">
        {/* experts get no speaker names (blind rating): the row is left out rather than shown empty */}
        {summary.interviewee_speaker && (
          <>
            <dt>{t('sum.interviewee')}</dt>
            <dd data-testid="summary-speaker">{summary.interviewee_speaker}</dd>
          </>
        )}
        <dt>{t('sum.kept')}</dt>
        <dd data-testid="summary-kept">{t('sum.keptText', { pct, chars: summary.chars, source: summary.source_chars })}</dd>
      </dl>
      {canEdit && <SpeakerFix summary={summary} onReplaced={onReplaced} />}
      {!hasSentences(summary) ? (
        <p>{t('sum.empty')}</p>
      ) : (
        <ol className="plain summary-answers">
          {summary.answers
            .filter((a) => a.sentences.length > 0)
            .map((a, i) => (
              <li key={i}>
                {a.question ? (
                  <p className="summary-q">
                    <span aria-hidden="true">Q: </span>
                    <span className="sr-only">{t('sum.question')}: </span>
                    {/* what was said, quoted: not the page's words, and not for a browser to translate */}
                    <span translate="no">{a.question}</span>
                  </p>
                ) : (
                  <p className="summary-q muted">{t('sum.noQuestion')}</p>
                )}
                <ul translate="no">
                  {a.sentences.map((s, k) => (
                    <li key={k}>{s}</li>
                  ))}
                </ul>
              </li>
            ))}
        </ol>
      )}
    </>
  );
}

/** Correct who the interviewee is (when the server lists the transcript's speakers); the summary is made again. */
function SpeakerFix({ summary, onReplaced }: { summary: InterviewSummary; onReplaced: (s: InterviewSummary) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const choices = speakerChoices(summary);
  const [speaker, setSpeaker] = useState(summary.interviewee_speaker);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setSpeaker(summary.interviewee_speaker), [summary.interviewee_speaker]);
  if (!choices || choices.length < 2) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onReplaced(await api.put<InterviewSummary>(`/interviews/${summary.interview_id}/transcript/speaker`, { interviewee_speaker: speaker }));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t('sum.speakerFix')}
        <select name="interviewee_speaker" value={speaker} onChange={(e) => setSpeaker(e.target.value)}>
          {choices.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="secondary" disabled={busy || speaker === summary.interviewee_speaker}>
        {t('sum.speakerApply')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

function TranscriptUpload({ interviewId, onDone }: { interviewId: string; onDone: (s: InterviewSummary) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [speaker, setSpeaker] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file) {
      setError(t('sum.chooseFile'));
      return;
    }
    const format = formatFromFileName(file.name);
    if (!format) {
      setError(t('sum.badExtension', { name: file.name }));
      return;
    }
    if (file.size > MAX_TRANSCRIPT_BYTES) {
      setError(t('sum.tooLarge', { mb: MAX_TRANSCRIPT_BYTES / 1048576 }));
      return;
    }
    setBusy(true);
    try {
      const text = decodeTranscript(new Uint8Array(await file.arrayBuffer()));
      const body: Record<string, string> = { format, text };
      if (speaker.trim()) body.interviewee_speaker = speaker.trim();
      const s = await api.put<InterviewSummary>(`/interviews/${interviewId}/transcript`, body);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onDone(s);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form transcript-upload" onSubmit={submit} aria-label={t('sum.upload')}>
      <label>
        {t('sum.file')}
        <input
          ref={fileRef}
          type="file"
          name="transcript"
          accept={TRANSCRIPT_ACCEPT}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <p id={`${id}-hint`} className="muted">
        {t('sum.fileHint')}
      </p>
      <label>
        {t('sum.speakerOptional')}
        <input type="text" name="interviewee_speaker" value={speaker} maxLength={200} onChange={(e) => setSpeaker(e.target.value)} />
      </label>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('sum.uploading') : t('sum.submit')}
        </button>
      </div>
    </form>
  );
}
