/**
 * After an answer, when the question set has follow-ups on: the optional "key points" of the answer (typed, or
 * dictated with the browser's speech recognition on request), from which the server picks follow-up questions.
 * Where the server transcribes recordings, it is already hearing the spoken answer (`hearing`) and the follow-ups
 * come by themselves; typing stops that (`onTyping`) and the typed points count instead.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { dictationSupported, startDictation } from '../lib/dictation';
import { ErrorBox } from './ui';

export const KEY_POINTS_MAX = 1000;

export function KeyPoints({
  lang,
  busy,
  error,
  hearing = false,
  onTyping,
  onSubmit,
  onSkip,
}: {
  /** The language of the interview's questions (the dictation listens for it). */
  lang: 'ja' | 'en';
  busy: boolean;
  error: string | null;
  /** The server is hearing the spoken answer: its follow-ups come without typing. */
  hearing?: boolean;
  /** The interviewee started typing or dictating: their own key points count. */
  onTyping?: () => void;
  onSubmit: (text: string) => void;
  onSkip: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [listening, setListening] = useState(false);
  const [dictationError, setDictationError] = useState<string | null>(null);
  const dictation = useRef<{ stop: () => void } | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const canDictate = dictationSupported();

  useEffect(() => {
    box.current?.focus();
    return () => dictation.current?.stop();
  }, []);

  function toggleDictation() {
    if (listening) {
      dictation.current?.stop();
      return;
    }
    setDictationError(null);
    onTyping?.();
    const before = text.trim();
    const d = startDictation(
      lang,
      (heard) => setText(before ? `${before} ${heard}` : heard),
      (err) => {
        dictation.current = null;
        setListening(false);
        if (err && err !== 'aborted' && err !== 'no-speech') setDictationError(t('kp.dictationFailed'));
      },
    );
    if (!d) {
      setDictationError(t('kp.dictationFailed'));
      return;
    }
    dictation.current = d;
    setListening(true);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    dictation.current?.stop();
    if (text.trim()) onSubmit(text.trim().slice(0, KEY_POINTS_MAX));
  }

  return (
    <form className="card keypoints" onSubmit={submit} aria-labelledby={`${id}-h`} data-testid="keypoints">
      <h2 id={`${id}-h`}>{t('kp.title')}</h2>
      <p id={`${id}-help`}>{t('kp.help')}</p>
      {hearing && (
        <p role="status" className="muted" data-testid="hearing-answer">
          {t('kp.hearing')}
        </p>
      )}
      <label>
        {t('kp.label')}
        <textarea
          ref={box}
          name="key_points"
          rows={3}
          maxLength={KEY_POINTS_MAX}
          value={text}
          aria-describedby={`${id}-help`}
          onChange={(e) => {
            onTyping?.();
            setText(e.target.value);
          }}
        />
      </label>
      {canDictate && (
        <div className="dictation">
          <button type="button" className="secondary" aria-pressed={listening} onClick={toggleDictation} disabled={busy}>
            {listening ? t('kp.stopDictation') : t('kp.dictate')}
          </button>
          <p className="muted small-print">{t('kp.dictationNote')}</p>
          {listening && (
            <p role="status" className="muted">
              {t('kp.listening')}
            </p>
          )}
        </div>
      )}
      <ErrorBox error={dictationError ?? error} />
      <div className="actions">
        <button type="submit" disabled={busy || !text.trim()}>
          {busy ? t('kp.busy') : t('kp.submit')}
        </button>
        <button type="button" className="secondary" onClick={onSkip} disabled={busy}>
          {t('kp.skip')}
        </button>
      </div>
    </form>
  );
}
