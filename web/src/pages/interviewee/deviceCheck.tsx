// Interviewee: the device check before a self-interview — camera preview, microphone level, browser support.
import { useEffect, useRef, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { useI18n } from '../../i18n';
import { ErrorBox, PageTitle } from '../../components/ui';
import { MicMeter } from '../../components/MicLevel';
import { browserSupport, getStream, type Support } from '../../lib/media';
import { QualityChecks, useLiveQuality } from '../../components/QualityChecks';
import { deviceState, type DeviceState } from '../../lib/quality';

export function DeviceCheck() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [support] = useState<Support>(() => browserSupport());
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  async function start() {
    setError(null);
    try {
      const s = await getStream();
      setStream(s);
    } catch {
      setError(t('check.denied'));
    }
  }

  useEffect(() => {
    if (!stream || !video.current) return;
    video.current.srcObject = stream;
    void video.current.play().catch(() => undefined);
  }, [stream]);

  const canRecord = support.media && support.recorder;
  const camOk = !!stream?.getVideoTracks().length;
  const micOk = !!stream?.getAudioTracks().length;
  const ok = (b: boolean) => <span className={b ? 'ok' : 'ng'}>{b ? t('check.ok') : t('check.ng')}</span>;
  // OK only once the picture and the sound were looked at and nothing failed (issue 14 item 3).
  const quality = useLiveQuality(stream);
  const say = (state: DeviceState) =>
    state === 'checking' ? (
      <span className="muted">{t('quality.checking')}</span>
    ) : state === 'problem' ? (
      <span className="ng">{t('quality.needsAttention')}</span>
    ) : (
      ok(state === 'ok')
    );
  const camState = say(deviceState(camOk, quality, ['dark', 'face']));
  const micState = say(deviceState(micOk, quality, ['silent']));

  return (
    <div className="page">
      <PageTitle>{t('check.title')}</PageTitle>
      <p>{t('check.intro')}</p>
      {!canRecord && <ErrorBox error={t('check.unsupported')} />}
      <div className="two-col">
        <section className="card" aria-labelledby="cam-h">
          <h2 id="cam-h">
            {t('check.camera')} {stream && camState}
          </h2>
          <video ref={video} className="preview" muted playsInline aria-label={t('check.preview')} />
          <h2 id="mic-h">
            {t('check.mic')} {stream && micState}
          </h2>
          <p className="muted">{t('check.micHint')}</p>
          <MicMeter id="mic-level" stream={stream} label={t('check.micLevel')} />
          {stream && (
            <>
              <h3>{t('quality.title')}</h3>
              <QualityChecks verdict={quality} />
            </>
          )}
          {!stream && (
            <button type="button" onClick={start} disabled={!canRecord}>
              {t('check.start')}
            </button>
          )}
          <ErrorBox error={error} onRetry={error ? start : undefined} />
        </section>
        <section className="card" aria-labelledby="br-h">
          <h2 id="br-h">{t('check.browser')}</h2>
          <ul className="plain checks">
            <li>
              {t('check.support.media')}: {ok(support.media)}
            </li>
            <li>
              {t('check.support.recorder')}: {ok(support.recorder)}
            </li>
            <li>
              {t('check.support.speech')}: {ok(support.speech)} <span className="muted">{t('check.optional')}</span>
            </li>
            <li>
              {t('check.support.storage')}: {ok(support.storage)} <span className="muted">{t('check.optional')}</span>
            </li>
          </ul>
        </section>
      </div>
      <div className="actions">
        <button type="button" disabled={!(camOk && micOk && canRecord)} onClick={() => navigate(`/self/${id}/run`)}>
          {t('check.continue')}
        </button>
      </div>
    </div>
  );
}
