/**
 * Optional dictation of the "key points" of an answer with the browser's own speech recognition
 * (Web Speech API `SpeechRecognition`, `webkitSpeechRecognition` in Chrome, Edge and Safari). It runs only while
 * the user has pressed the button: in Chrome the audio goes to the browser maker's recognition service.
 */

/** The parts of a recognition result list this module reads (so the joining is testable without a browser). */
export type ResultsLike = ArrayLike<{ isFinal: boolean; 0: { transcript: string } }>;

/** The text heard so far: every result's best alternative, in order. */
export function joinResults(results: ResultsLike): string {
  const parts: string[] = [];
  for (let i = 0; i < results.length; i++) parts.push(results[i][0].transcript.trim());
  return parts.filter(Boolean).join(' ');
}

interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((e: { results: ResultsLike }) => void) | null;
  onerror: ((e: { error?: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}
type RecognitionCtor = new () => Recognition;

function ctor(): RecognitionCtor | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export function dictationSupported(): boolean {
  return ctor() !== null;
}

/** Starts listening; `onText` gets the whole text heard so far, `onEnd` is called once when it stops (error or not). */
export function startDictation(lang: 'ja' | 'en', onText: (text: string) => void, onEnd: (error: string | null) => void): { stop: () => void } | null {
  const C = ctor();
  if (!C) return null;
  const r = new C();
  r.lang = lang === 'ja' ? 'ja-JP' : 'en-US';
  r.continuous = true;
  r.interimResults = true;
  let error: string | null = null;
  r.onresult = (e) => onText(joinResults(e.results));
  r.onerror = (e) => {
    error = e.error ?? 'error';
  };
  r.onend = () => onEnd(error);
  try {
    r.start();
  } catch {
    return null;
  }
  return { stop: () => r.stop() };
}
