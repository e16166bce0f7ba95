import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Timeline } from '../api/types';
import { useI18n } from '../i18n';
import { timelinePercentSeries, timelineShares } from '../lib/timeline';

/**
 * Per-second face / speaking / smiling series (uPlot on a canvas) in % of each second on a labelled axis, with a
 * legend of our own (uPlot's shows "seconds: --" until hovered) and the same facts as one line of text for
 * screen-reader users and print.
 */
export function TimelineChart({ timeline, title }: { timeline: Timeline; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const face = t('timeline.face');
  const speaking = t('timeline.speaking');
  const smiling = t('timeline.smiling');
  // a call with the voices apart: "speaking" is the interviewee's, and the interviewer's is drawn beside it
  const other = timeline.interviewer_speaking ? t('timeline.interviewerSpeaking') : null;
  const seconds = t('rc.axisSeconds');
  const percent = t('rc.axisPercent');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const plot = new uPlot(
      {
        title,
        width: Math.max(280, el.clientWidth),
        height: 180,
        legend: { show: false },
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [{ label: seconds }, { label: percent, values: (_u, ticks) => ticks.map((v) => `${v}%`) }],
        series: [
          { label: seconds },
          { label: face, stroke: '#1f6f43', width: 2 },
          { label: speaking, stroke: '#1d4f91', width: 2 },
          { label: smiling, stroke: '#a1471c', width: 2, dash: [6, 3] },
          ...(other ? [{ label: other, stroke: '#6b6b6b', width: 1, dash: [2, 3] }] : []),
        ],
      },
      timelinePercentSeries(timeline) as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [timeline, title, face, speaking, smiling, other, seconds, percent]);
  const s = timelineShares(timeline);
  return (
    <figure className="timeline-figure" data-testid="timeline">
      <div ref={ref} className="timeline" aria-hidden="true" />
      <ul className="plain timeline-legend" aria-hidden="true">
        <li><span className="swatch" style={{ borderColor: '#1f6f43' }} />{face}</li>
        <li><span className="swatch" style={{ borderColor: '#1d4f91' }} />{speaking}</li>
        <li><span className="swatch dashed" style={{ borderColor: '#a1471c' }} />{smiling}</li>
        {other && <li><span className="swatch dashed" style={{ borderColor: '#6b6b6b' }} />{other}</li>}
      </ul>
      <figcaption className="muted">
        {t('timeline.shares', { ...s })}
        <br />
        {t('rc.axes')}
      </figcaption>
    </figure>
  );
}
