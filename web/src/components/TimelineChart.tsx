import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Timeline } from '../api/types';
import { useI18n } from '../i18n';

/** Per-second face / speaking / smiling series under the player (uPlot). */
export function TimelineChart({ timeline, title }: { timeline: Timeline; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { lang } = useI18n();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const n = Math.max(timeline.speaking.length, timeline.face_present.length, timeline.smiling.length);
    const xs = Array.from({ length: n }, (_, i) => i);
    const pad = (a: number[]) => xs.map((i) => a[i] ?? null);
    const names = lang === 'en' ? ['face', 'speaking', 'smiling'] : ['顔', '発話', '笑顔'];
    const plot = new uPlot(
      {
        title,
        width: Math.max(280, el.clientWidth),
        height: 180,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: lang === 'en' ? 'seconds' : '秒' }, {}],
        series: [
          {},
          { label: names[0], stroke: '#1f6f43', width: 2 },
          { label: names[1], stroke: '#1d4f91', width: 2 },
          { label: names[2], stroke: '#a1471c', width: 2 },
        ],
      },
      [xs, pad(timeline.face_present), pad(timeline.speaking), pad(timeline.smiling)] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [timeline, title, lang]);
  return <div ref={ref} className="timeline" />;
}
