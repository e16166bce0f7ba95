import { useEffect, useState } from 'react';
import { rmsLevel } from '../lib/media';

/** The microphone level (0..1) of a stream, measured every animation frame; `heard` once something was said. */
export function useMicLevel(stream: MediaStream | null): { level: number; heard: boolean } {
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  useEffect(() => {
    if (!stream || !stream.getAudioTracks().length) return;
    const ctx = new AudioContext();
    const src = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    src.connect(analyser);
    const buf = new Uint8Array(analyser.fftSize);
    let raf = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(buf);
      const l = rmsLevel(buf);
      setLevel(l);
      if (l > 0.05) setHeard(true);
      raf = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(raf);
      void ctx.close();
    };
  }, [stream]);
  return { level, heard };
}

/** A labelled level meter for the microphone. */
export function MicMeter({ stream, label, id }: { stream: MediaStream | null; label: string; id: string }) {
  const { level, heard } = useMicLevel(stream);
  return <meter id={id} min={0} max={1} low={0.05} optimum={0.5} value={level} aria-label={label} data-heard={heard} />;
}
