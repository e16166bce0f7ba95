import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Timeline } from '../api/types';
import { useI18n } from '../i18n';
import { timelineSeries, timelineShares } from '../lib/timeline';

/**
 * Per-second face / speaking / smiling series under the player (uPlot on a canvas), with the same
 * facts as one line of text so screen-reader users and print get them too.
 */
export function TimelineChart({ timeline, title }: { timeline: Timeline; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const face = t('timeline.face');
  const speaking = t('timeline.speaking');
  const smiling = t('timeline.smiling');
  const seconds = t('timeline.seconds');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const plot = new uPlot(
      {
        title,
        width: Math.max(280, el.clientWidth),
        height: 180,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: seconds }, {}],
        series: [
          { label: seconds },
          { label: face, stroke: '#1f6f43', width: 2 },
          { label: speaking, stroke: '#1d4f91', width: 2 },
          { label: smiling, stroke: '#a1471c', width: 2, dash: [6, 3] },
        ],
      },
      timelineSeries(timeline) as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [timeline, title, face, speaking, smiling, seconds]);
  const s = timelineShares(timeline);
  return (
    <figure className="timeline-figure" data-testid="timeline">
      <div ref={ref} className="timeline" aria-hidden="true" />
      <figcaption className="muted">{t('timeline.shares', { ...s })}</figcaption>
    </figure>
  );
}
