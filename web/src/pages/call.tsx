// ビデオ面談: the face-to-face interview's video call, for its interviewer, its interviewee and admins sitting in.
// A waiting room (camera preview, microphone level) → the call (the others' video large, one's own small; microphone,
// camera and device controls; the state of the connection and the elapsed time) → the end. Reconnection is
// CallSession's job; this page shows what it reports.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'wouter';
import type { ApiError } from '../api/client';
import type { CallJoin, Interview, Recording } from '../api/types';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, Loading, PageTitle, formatDateTime } from '../components/ui';
import { MicMeter } from '../components/MicLevel';
import { formatClock } from '../lib/countdown';
import { CallSession, type CallPhase, type Remote } from '../lib/call';
import { CallCopy } from '../lib/callCopy';
import { getStream, releaseStream } from '../lib/media';
import { storedParts } from '../lib/facetoface';
import { PutError } from '../lib/upload';
import { LiveHints } from './callHints';
import { RecordingLine, RemoteRecordingLine, mustWait, useCallRecording, type CallRecording } from './callRecording';

export function Call() {
  const { id } = useParams<{ id: string }>();
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const interview = useLoad(() => api.get<Interview>(`/interviews/${id}`), [api, id]);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [denied, setDenied] = useState(false);
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<ApiError | null>(null);
  const [join, setJoin] = useState<CallJoin | null>(null);
  const session = useRef<CallSession | null>(null);
  // the server's copy of the call, sent by the interviewee's browser where the tenant keeps one (AWS)
  const copy = useRef<CallCopy | null>(null);
  const [copyShown, setCopyShown] = useState<CallCopy | null>(null);
  const [phase, setPhase] = useState<CallPhase | 'lobby'>('lobby');
  const [remotes, setRemotes] = useState<Remote[]>([]);

  async function openDevices() {
    setDenied(false);
    try {
      setStream(await getStream());
    } catch {
      setDenied(true);
    }
  }
  useEffect(() => {
    void openDevices();
    return () => {
      session.current?.leave();
      copy.current?.stop();
      releaseStream();
    };
  }, []);

  async function enter() {
    if (!stream) return;
    setJoining(true);
    setJoinError(null);
    try {
      const ask = () => api.post<CallJoin>(`/interviews/${id}/call`);
      const first = await ask();
      const s = new CallSession(first, stream, { onPhase: setPhase, onRemotes: setRemotes }, ask);
      session.current = s;
      setJoin(first);
      s.start();
      if (first.server_copy) void startCopy(stream);
    } catch (err) {
      setJoinError(err as ApiError);
    } finally {
      setJoining(false);
    }
  }

  /** Joins the server's copy beside the call; the call never waits for it nor fails with it. */
  async function startCopy(media: MediaStream) {
    try {
      const ask = () => api.post<CallJoin>(`/interviews/${id}/call/copy`);
      const c = new CallCopy(await ask(), media, () => api.post(`/interviews/${id}/call/copy/session`), ask);
      copy.current = c;
      setCopyShown(c);
      c.start();
    } catch (err) {
      console.warn('the server copy of the call could not start', err);
    }
  }

  /** The interviewer ends the call for everyone (the others are told); anyone else just leaves. */
  function leave() {
    // noted for the call's length on the interview page; a failure here must not keep anyone in the call
    if (session.current) void api.del(`/interviews/${id}/call`).catch(() => undefined);
    session.current?.end();
    copy.current?.stop();
    releaseStream();
    setStream(null);
  }

  if (interview.loading && !interview.data) return <Loading />;
  const iv = interview.data;
  const staff = me?.role !== 'interviewee';
  const back = <Link href={staff ? `/interviews/${id}` : '/me'}>{staff ? t('call.back') : t('call.backMine')}</Link>;
  if (!iv)
    return (
      <div className="page narrow">
        <PageTitle>{t('call.title')}</PageTitle>
        <ErrorBox error={interview.error} onRetry={interview.reload} />
        <p>{back}</p>
      </div>
    );

  if (phase === 'ended')
    return (
      <div className="page narrow" data-call-phase="ended">
        <PageTitle>{t('call.title')}</PageTitle>
        <p role="status">{t('call.phase.ended')}</p>
        <p>{back}</p>
      </div>
    );

  if (!join)
    return (
      <div className="page narrow" data-call-phase="lobby">
        <PageTitle>{t('call.title')}</PageTitle>
        <p>
          {t('call.when')}: {formatDateTime(iv.scheduled_at, lang)}
        </p>
        <p className="muted">{t('call.intro')}</p>
        {denied ? (
          <ErrorBox error={t('call.cameraDenied')} onRetry={openDevices} />
        ) : (
          <div className="call-preview">
            <VideoTile stream={stream} muted mirrored label={t('call.preview')} testId="local-video" />
            <label htmlFor="call-mic">{t('call.mic')}</label>
            <MicMeter stream={stream} label={t('call.mic')} id="call-mic" />
          </div>
        )}
        <ErrorBox error={joinError} />
        <div className="actions">
          <button type="button" onClick={enter} disabled={!stream || joining}>
            {joining ? t('call.joining') : t('call.join')}
          </button>
        </div>
        <p>{back}</p>
      </div>
    );

  return (
    <InCall
      interviewId={id}
      join={join}
      phase={phase}
      remotes={remotes}
      stream={stream}
      session={session.current}
      copy={copyShown}
      onLeave={leave}
      questionSetId={iv.question_set_id}
    >
      {join.seat !== 'interviewee' && join.recording_consented === false && <p className="notice">{t('call.noRecording')}</p>}
    </InCall>
  );
}

/** The remote the screen shows large: for the interviewer the interviewee, for everyone else the interviewer. */
function mainRemote(remotes: Remote[], join: CallJoin): Remote | null {
  if (join.role === 'master') return remotes.find((r) => r.state?.seat === 'interviewee') ?? remotes[0] ?? null;
  return remotes[0] ?? null;
}

function InCall({
  interviewId,
  join,
  phase,
  remotes,
  stream,
  session,
  copy,
  onLeave,
  questionSetId,
  children,
}: {
  interviewId: string;
  questionSetId: string | null;
  join: CallJoin;
  phase: CallPhase | 'lobby';
  remotes: Remote[];
  stream: MediaStream | null;
  session: CallSession | null;
  copy: CallCopy | null;
  onLeave: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [since, setSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (phase === 'connected' && since === null) setSince(Date.now());
  }, [phase, since]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const main = mainRemote(remotes, join);
  const others = remotes.filter((r) => r !== main);
  const records = join.seat === 'interviewer' && join.recording_consented === true;
  const recording = useCallRecording({
    enabled: records,
    interviewId,
    remote: main?.state?.seat === 'interviewee' ? main.stream : null,
    local: stream,
    session,
  });
  const ending = useEnding(records, recording, onLeave, interviewId);
  const candidateLeaving = join.seat === 'interviewer' && remotes.some((r) => r.state?.seat === 'interviewee' && r.state.leaving);
  // The interviewee asked to leave: end the recording and send the rest at once, so they need not wait long.
  useEffect(() => {
    if (candidateLeaving && recording.state?.recording) void recording.finish().catch(() => undefined);
  }, [candidateLeaving, recording.state?.recording]);
  const interviewerRecording = join.seat === 'interviewee' ? main?.state?.recording : null;
  const [waiting, setWaiting] = useState(false);
  // The interviewee leaves once the interviewer's browser has sent everything.
  useEffect(() => {
    if (waiting && !mustWait(interviewerRecording)) onLeave();
  }, [waiting, interviewerRecording?.on, interviewerRecording?.queued]);
  function leaveAsInterviewee() {
    if (!mustWait(interviewerRecording)) return onLeave();
    session?.share({ leaving: true });
    setWaiting(true);
  }
  const seats: Record<string, string> = { interviewer: t('call.interviewer'), interviewee: t('call.interviewee'), observer: t('call.observer') };
  const who = (seat: string | undefined) => (seat && seats[seat]) || t('call.other');

  return (
    <div className="page call" data-call-phase={phase}>
      <PageTitle>{t('call.title')}</PageTitle>
      <p role="status" aria-live="polite" className="call-status">
        <span data-testid="call-phase">{t(`call.phase.${phase}`)}</span>
        {since !== null && (
          <span>
            {' · '}
            {t('call.elapsed')} <span data-testid="call-elapsed">{formatClock(Math.max(0, Math.floor((now - since) / 1000)))}</span>
          </span>
        )}
      </p>
      {children}
      {recording.state && <RecordingLine state={recording.state} />}
      {candidateLeaving && <p className="notice" role="status">{t('call.rec.candidateLeaving')}</p>}
      {interviewerRecording && <RemoteRecordingLine recording={interviewerRecording} />}
      {waiting && (
        <div className="notice" role="alert" data-testid="call-wait-upload">
          <p>{t('call.rec.wait')}</p>
          <button type="button" className="secondary" onClick={onLeave}>
            {t('call.rec.leaveAnyway')}
          </button>
        </div>
      )}
      {ending.error && <p className="error-text" role="alert">{t('call.rec.endFailed', { detail: ending.error })}</p>}
      <div className="call-stage">
        <div className="call-main">
          {main ? (
            <VideoTile
              stream={main.stream}
              label={t('call.remoteLabel', { who: who(main.state?.seat) })}
              testId="remote-video"
              data={{ 'data-remote-muted': String(!!main.state?.muted), 'data-remote-camera-off': String(!!main.state?.cameraOff) }}
            >
              {main.state?.muted && <span className="call-flag">{t('call.remoteMuted')}</span>}
              {main.state?.cameraOff && <span className="call-flag">{t('call.remoteCameraOff')}</span>}
            </VideoTile>
          ) : (
            <p className="call-empty">{t(`call.phase.${phase === 'connected' ? 'waiting' : phase}`)}</p>
          )}
        </div>
        <div className="call-side">
          <VideoTile stream={stream} muted mirrored label={t('call.you')} testId="local-video" />
          {others.map((r) => (
            <VideoTile key={r.id} stream={r.stream} label={who(r.state?.seat)} testId="other-video" />
          ))}
        </div>
      </div>
      <div className="actions call-controls">
        <OffSwitch
          off={muted}
          labels={[t('call.mute'), t('call.unmute')]}
          onChange={(off) => {
            session?.setMuted(off);
            copy?.setMuted(off);
            setMuted(off);
          }}
        />
        <OffSwitch
          off={cameraOff}
          labels={[t('call.cameraOff'), t('call.cameraOn')]}
          onChange={(off) => {
            session?.setCameraOff(off);
            copy?.setCameraOff(off);
            setCameraOff(off);
          }}
        />
        <button
          type="button"
          className="danger"
          disabled={ending.busy || waiting}
          onClick={join.seat === 'interviewee' ? leaveAsInterviewee : join.seat === 'interviewer' ? ending.end : onLeave}
        >
          {ending.busy ? t('call.rec.sending') : records ? t('call.endAndSend') : t('call.leave')}
        </button>
      </div>
      <DeviceSwitch session={session} copy={copy} />
      {/* the interviewer's alone: never rendered on the candidate's screen */}
      {join.seat === 'interviewer' && (
        <LiveHints local={stream} remote={main?.stream ?? null} questionSetId={questionSetId} limit={(join.talk_share_limit ?? 50) / 100} />
      )}
    </div>
  );
}

/**
 * The interviewer's "leave": the recording ends and every part is sent while the call stays up (the interviewee sees
 * it), the interview moves to recorded when anything was recorded, then the call ends for everyone.
 */
function useEnding(records: boolean, recording: CallRecording, onLeave: () => void, interviewId: string) {
  const { api } = useSession();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function end() {
    setBusy(true);
    setError(null);
    try {
      if (records) {
        await recording.finish();
        const sent = await api.get<Recording[]>(`/interviews/${interviewId}/recordings`);
        const iv = await api.get<Interview>(`/interviews/${interviewId}`);
        if (storedParts(sent) > 0 && (iv.status === 'scheduled' || iv.status === 'in_progress'))
          await api.post(`/interviews/${interviewId}/status`, { status: 'recorded' });
      }
      onLeave();
    } catch (e) {
      setError(e instanceof PutError ? t(e.status === 0 ? 'err.network' : 'err.server') : (e as Error).message);
      setBusy(false);
    }
  }
  return { busy, error, end };
}

/** A button that turns something off and on again; its label says what pressing it does. */
function OffSwitch({ off, labels: [turnOff, turnOn], onChange }: { off: boolean; labels: [string, string]; onChange: (off: boolean) => void }) {
  return (
    <button type="button" className="secondary" onClick={() => onChange(!off)}>
      {off ? turnOn : turnOff}
    </button>
  );
}

/** Camera and microphone selects: the chosen device replaces the current track on every link. */
function DeviceSwitch({ session, copy }: { session: CallSession | null; copy: CallCopy | null }) {
  const { t } = useI18n();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    navigator.mediaDevices
      ?.enumerateDevices()
      .then(setDevices)
      .catch(() => setDevices([]));
  }, []);
  async function use(kind: 'videoinput' | 'audioinput', deviceId: string) {
    setError(null);
    try {
      const constraint = { deviceId: { exact: deviceId } };
      const media = await navigator.mediaDevices.getUserMedia(kind === 'videoinput' ? { video: constraint } : { audio: constraint });
      const track = media.getTracks()[0];
      if (!track) return;
      await session?.replaceTrack(track);
      await copy?.replaceTrack(track);
    } catch {
      setError(t('call.cameraDenied'));
    }
  }
  const of = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId);
  return (
    <details className="call-devices">
      <summary>{t('call.devices')}</summary>
      {(['videoinput', 'audioinput'] as const).map((kind) => (
        <p key={kind}>
          <label>
            {kind === 'videoinput' ? t('call.camera') : t('call.microphone')}{' '}
            <select onChange={(e) => void use(kind, e.target.value)} defaultValue="">
              <option value="" disabled>
                —
              </option>
              {of(kind).map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || `${kind === 'videoinput' ? t('call.camera') : t('call.microphone')} ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        </p>
      ))}
      <ErrorBox error={error} />
    </details>
  );
}

function VideoTile({
  stream,
  label,
  testId,
  muted = false,
  mirrored = false,
  data = {},
  children,
}: {
  stream: MediaStream | null;
  label: string;
  testId: string;
  muted?: boolean;
  mirrored?: boolean;
  data?: Record<string, string>;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure className="call-tile" {...data}>
      <video ref={ref} autoPlay playsInline muted={muted} className={mirrored ? 'mirrored' : undefined} data-testid={testId} aria-label={label} />
      {children}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
