// The video call's recording (specification 4.2.2(1): the interviewer records). In the interviewer's browser, with
// the interviewee's consent: the interviewee's picture with the interviewee's voice on the left channel and the
// interviewer's on the right, cut into parts that upload while the call runs (lib/callRecorder). Both screens show
// its state; the interviewee's "leave" waits until the interviewer's browser has sent everything.
import { useEffect, useRef, useState } from 'react';
import type { UploadTicket } from '../api/types';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import type { CallSession, SharedRecording } from '../lib/call';
import { CallRecorder, MIN_PART_MS, PART_MS, type KeptPart, type RecorderState } from '../lib/callRecorder';
import { AnswerRecorder, recorderMimeType } from '../lib/media';
import { pendingStore } from '../lib/progress';
import { uploadWithRetry, xhrPut } from '../lib/upload';

/** The recording's audio layout, as the API names it. */
const VOICES_APART = 'interviewee_left_interviewer_right';
const partId = (interviewId: string, index: number) => `${interviewId}:call:${index}`;

/**
 * The call's sound for the recording: the interviewee (remote) on the left channel, the interviewer (local) on the
 * right, mixed by WebAudio into one stereo track that MediaRecorder can take (it records one audio track).
 */
function voicesApart(remote: MediaStream, local: MediaStream): { track: MediaStreamTrack; close: () => void } {
  const ctx = new AudioContext();
  void ctx.resume();
  const merger = ctx.createChannelMerger(2);
  const out = ctx.createMediaStreamDestination();
  out.channelCount = 2;
  [remote, local].forEach((stream, channel) => {
    const track = stream.getAudioTracks()[0];
    if (track) ctx.createMediaStreamSource(new MediaStream([track])).connect(merger, 0, channel);
  });
  merger.connect(out);
  return { track: out.stream.getAudioTracks()[0], close: () => void ctx.close() };
}

export interface CallRecording {
  state: RecorderState | null;
  /** Ends the recording and resolves when every part is uploaded (rejects with why not). */
  finish: () => Promise<void>;
}

/**
 * Records while `enabled` (the interviewer, the interviewee consented) and the interviewee is in the call: a new part
 * when their picture or either microphone changes, a pause while they are away. Tells the other side the state.
 */
export function useCallRecording({
  enabled,
  interviewId,
  remote,
  local,
  session,
}: {
  enabled: boolean;
  interviewId: string;
  remote: MediaStream | null;
  local: MediaStream | null;
  session: CallSession | null;
}): CallRecording {
  const { api } = useSession();
  const [state, setState] = useState<RecorderState | null>(null);
  // A new recorder (a new page visit) starts recording again; the language changing the API client must not.
  const [generation, setGeneration] = useState(0);
  const recorder = useRef<CallRecorder | null>(null);
  const media = useRef({ remote, local });
  media.current = { remote, local };
  const apiRef = useRef(api);
  apiRef.current = api;

  // The recorder, with the parts this browser kept from before (a reload, a failed upload) sent first.
  useEffect(() => {
    const mime = recorderMimeType();
    if (!enabled || !mime) return;
    let alive = true;
    void pendingStore.list(interviewId).then((kept) => {
      if (!alive) return;
      const leftover = kept.filter((p) => p.id === partId(interviewId, p.index)).map((p) => ({ index: p.index, blob: p.blob }));
      recorder.current = new CallRecorder(
        {
          record: (index) => {
            const { remote: r, local: l } = media.current;
            const mix = voicesApart(r ?? new MediaStream(), l ?? new MediaStream());
            // The part so far is kept every few seconds, so a crashed tab loses seconds, not the part; the copies
            // are written one after another and all before `stop` answers, so none lands after the part is sent.
            let saving = Promise.resolve();
            const keepSoFar = (blob: Blob) => {
              const part = { id: partId(interviewId, index), interviewId, index, blob, contentType: blob.type || 'video/webm', ticket: null };
              saving = saving.then(() => pendingStore.put(part));
            };
            const rec = new AnswerRecorder(new MediaStream([...(r?.getVideoTracks() ?? []), mix.track]), mime, keepSoFar);
            return {
              stop: async () => {
                const blob = await rec.stop().finally(mix.close);
                await saving;
                return blob;
              },
            };
          },
          keep: ({ index, blob }: KeptPart) =>
            pendingStore.put({ id: partId(interviewId, index), interviewId, index, blob, contentType: blob.type || 'video/webm', ticket: null }),
          forget: (index) => pendingStore.remove(partId(interviewId, index)),
          upload: async ({ blob }) => {
            const contentType = (blob.type || 'video/webm').split(';')[0];
            await uploadWithRetry({
              sign: () =>
                apiRef.current.post<UploadTicket>(`/interviews/${interviewId}/recordings`, { content_type: contentType, size_bytes: blob.size, audio: VOICES_APART }),
              put: xhrPut(blob),
            });
          },
          onState: setState,
          partMs: PART_MS,
          minPartMs: MIN_PART_MS,
        },
        leftover,
      );
      setState(recorder.current.state);
      setGeneration((g) => g + 1);
    });
    return () => {
      alive = false;
      // Leaving the page mid-call: the part so far is kept in this browser and sent on the next visit.
      void recorder.current?.pause();
      recorder.current = null;
    };
  }, [enabled, interviewId]);

  // A new part whenever the interviewee's picture or either voice changes; none while the interviewee is away.
  const remoteVideo = remote?.getVideoTracks()[0]?.id ?? null;
  const remoteAudio = remote?.getAudioTracks()[0]?.id ?? null;
  const localAudio = local?.getAudioTracks()[0]?.id ?? null;
  useEffect(() => {
    const r = recorder.current;
    if (!r) return;
    if (remoteVideo && remoteAudio) void r.restart();
    else void r.pause();
  }, [generation, remoteVideo, remoteAudio, localAudio]);

  // Closing or reloading the tab while recording loses the part in progress: the browser asks first.
  const busy = !!state && (state.recording || state.queued > 0);
  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  // The other side sees whether it is recorded and whether anything is left to send.
  useEffect(() => {
    if (state) session?.share({ recording: { on: state.recording, queued: state.queued } });
  }, [session, state?.recording, state?.queued]);

  return {
    state,
    finish: async () => {
      await recorder.current?.finish();
    },
  };
}

/** The interviewer's line about the recording: recording now, parts sent, parts waiting, a failure. */
export function RecordingLine({ state }: { state: RecorderState }) {
  const { t } = useI18n();
  return (
    <p className={state.error ? 'error-text' : 'muted'} data-testid="call-recording" data-queued={state.queued} data-sent={state.sent}>
      {state.recording && <span className="rec-dot inline">● {t('call.rec.on')}</span>}
      {t('call.rec.sent', { n: state.sent })}
      {state.queued > 0 && ` · ${t('call.rec.queued', { n: state.queued, mb: (state.queuedBytes / 1048576).toFixed(1) })}`}
      {state.error && ` · ${t('call.rec.failed', { detail: state.error })}`}
    </p>
  );
}

/** The interviewee's line about the interviewer's recording. */
export function RemoteRecordingLine({ recording }: { recording: SharedRecording }) {
  const { t } = useI18n();
  return (
    <p className="muted" data-testid="call-remote-recording" data-on={String(recording.on)} data-queued={recording.queued}>
      {recording.on ? `● ${t('call.rec.remoteOn')}` : recording.queued > 0 ? t('call.rec.remoteSending', { n: recording.queued }) : t('call.rec.remoteDone')}
    </p>
  );
}

/** Whether the interviewee must still wait before leaving: the interviewer records or has parts to send. */
export function mustWait(recording: SharedRecording | null | undefined): boolean {
  return !!recording && (recording.on || recording.queued > 0);
}
