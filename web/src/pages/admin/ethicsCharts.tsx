// Admin: the AI ethics page's charts, hand-written SVG. Each is role="img" with a label saying what it shows; the
// figures themselves are in the table beside it and the reading under it (the charts' accessible alternative).
import { useEthicsI18n } from '../../i18n/ethics';
import {
  SERIES_COLOURS,
  SERIES_MARKERS,
  differenceDomain,
  fig,
  groupLabel,
  impactDomain,
  linear,
  meanInterval,
  monthLabel,
  ticks,
  withSize,
  type Comparison,
  type GroupFigures,
  type Selection,
  type Trend,
} from '../../lib/ethics';

const W = 480;
const LEFT = 140;
const RIGHT = 44;
const ROW = 32;
const AXIS = 26;

/** The x axis at the bottom: grid lines and tick labels. */
function Axis({ x, values, top, bottom, format = (v: number) => fig(v, 2) }: { x: (v: number) => number; values: number[]; top: number; bottom: number; format?: (v: number) => string }) {
  return (
    <g className="axis">
      {values.map((v) => (
        <g key={v}>
          <line x1={x(v)} x2={x(v)} y1={top} y2={bottom} stroke="#dfe3e8" />
          <text x={x(v)} y={bottom + 16} textAnchor="middle" fontSize="13" fill="#4f5863">
            {format(v)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Each group's mean with its 95 % interval as an error bar on the item's scale; small groups say why they are empty. */
export function MeansChart({
  groups,
  attribute,
  domain,
  label,
  minGroup,
}: {
  groups: GroupFigures[];
  attribute: string;
  domain: [number, number];
  label: string;
  minGroup: number;
}) {
  const { t, lang } = useEthicsI18n();
  const height = groups.length * ROW + AXIS + 8;
  const x = linear(domain[0], domain[1], LEFT, W - RIGHT);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} data-chart="means">
      <Axis x={x} values={ticks(domain[0], domain[1], 4)} top={4} bottom={groups.length * ROW + 4} format={(v) => fig(v, 1)} />
      {groups.map((g, i) => {
        const y = i * ROW + ROW / 2 + 4;
        const name = withSize(groupLabel(t, attribute, g.group), g.n, lang);
        if (g.mean === null) {
          return (
            <g key={g.group}>
              <text x={LEFT - 8} y={y + 4} textAnchor="end" fontSize="14" fill="#1b1f24">
                {name}
              </text>
              <text x={LEFT + 4} y={y + 4} fontSize="13" fill="#4f5863">
                {g.too_small ? t('ethics.state.too_small', { min: minGroup }) : '—'}
              </text>
            </g>
          );
        }
        const [lo, hi] = meanInterval(g.mean, g.sd, g.n);
        return (
          <g key={g.group}>
            <text x={LEFT - 8} y={y + 4} textAnchor="end" fontSize="14" fill="#1b1f24">
              {name}
            </text>
            <line x1={x(lo)} x2={x(hi)} y1={y} y2={y} stroke="#1d4f91" strokeWidth="2" />
            <line x1={x(lo)} x2={x(lo)} y1={y - 6} y2={y + 6} stroke="#1d4f91" strokeWidth="2" />
            <line x1={x(hi)} x2={x(hi)} y1={y - 6} y2={y + 6} stroke="#1d4f91" strokeWidth="2" />
            <circle cx={x(g.mean)} cy={y} r="5" fill="#1d4f91" />
            <text x={W - RIGHT + 6} y={y + 4} fontSize="13" fill="#1b1f24">
              {fig(g.mean, 1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Each group's difference from the reference with its 95 % interval, around a dashed line at 0. */
export function DifferenceChart({
  comparisons,
  attribute,
  label,
  flagged,
}: {
  comparisons: Comparison[];
  attribute: string;
  label: string;
  /** Groups whose difference crosses the limits (drawn in red). */
  flagged: (c: Comparison) => boolean;
}) {
  const { t } = useEthicsI18n();
  const domain = differenceDomain(comparisons);
  const height = comparisons.length * ROW + AXIS + 8;
  const bottom = comparisons.length * ROW + 4;
  const x = linear(domain[0], domain[1], LEFT, W - RIGHT);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} data-chart="difference">
      <Axis x={x} values={ticks(domain[0], domain[1], 4)} top={4} bottom={bottom} format={(v) => fig(v, 1)} />
      <line x1={x(0)} x2={x(0)} y1={0} y2={bottom} stroke="#1b1f24" strokeDasharray="4 3" />
      {comparisons.map((c, i) => {
        const y = i * ROW + ROW / 2 + 4;
        const colour = flagged(c) ? '#a4262c' : '#1d4f91';
        return (
          <g key={`${c.group}-${c.reference}`}>
            <text x={LEFT - 8} y={y + 4} textAnchor="end" fontSize="14" fill="#1b1f24">
              {`${groupLabel(t, attribute, c.group)} − ${groupLabel(t, attribute, c.reference)}`}
            </text>
            <line x1={x(c.interval95[0])} x2={x(c.interval95[1])} y1={y} y2={y} stroke={colour} strokeWidth="2" />
            <line x1={x(c.interval95[0])} x2={x(c.interval95[0])} y1={y - 6} y2={y + 6} stroke={colour} strokeWidth="2" />
            <line x1={x(c.interval95[1])} x2={x(c.interval95[1])} y1={y - 6} y2={y + 6} stroke={colour} strokeWidth="2" />
            <rect x={x(c.mean_difference) - 5} y={y - 5} width="10" height="10" fill={colour} />
            <text x={W - RIGHT + 6} y={y + 4} fontSize="13" fill="#1b1f24">
              {fig(c.mean_difference, 1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Each group's impact ratio as a horizontal bar against a dashed line at the limit (0.8: the 4/5ths rule). */
export function ImpactChart({ selection, attribute, limit, label }: { selection: Selection; attribute: string; limit: number; label: string }) {
  const { t, lang } = useEthicsI18n();
  const groups = selection.groups;
  const domain = impactDomain(groups);
  const bottom = groups.length * ROW + 18;
  const height = bottom + AXIS;
  const x = linear(domain[0], domain[1], LEFT, W - RIGHT);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} data-chart="impact">
      <Axis x={x} values={ticks(domain[0], domain[1], 5)} top={18} bottom={bottom} />
      {groups.map((g, i) => {
        const y = i * ROW + 18;
        const ratio = g.impact_ratio ?? 0;
        const below = g.impact_ratio !== null && g.impact_ratio < limit;
        return (
          <g key={g.group}>
            <text x={LEFT - 8} y={y + ROW / 2 + 4} textAnchor="end" fontSize="14" fill="#1b1f24">
              {withSize(groupLabel(t, attribute, g.group), g.n, lang)}
            </text>
            <rect x={x(0)} y={y + 6} width={Math.max(0, x(ratio) - x(0))} height={ROW - 12} fill={below ? '#a4262c' : '#1d4f91'} />
            <text x={W - RIGHT + 6} y={y + ROW / 2 + 4} fontSize="13" fill="#1b1f24">
              {fig(g.impact_ratio)}
            </text>
          </g>
        );
      })}
      <line data-testid="limit-line" x1={x(limit)} x2={x(limit)} y1={14} y2={bottom} stroke="#1b1f24" strokeWidth="2" strokeDasharray="6 4" />
      <text x={x(limit)} y={11} textAnchor="middle" fontSize="13" fill="#1b1f24">
        {fig(limit)}
      </text>
    </svg>
  );
}

function Marker({ shape, x, y, colour }: { shape: (typeof SERIES_MARKERS)[number]; x: number; y: number; colour: string }) {
  switch (shape) {
    case 'square':
      return <rect x={x - 4.5} y={y - 4.5} width="9" height="9" fill={colour} />;
    case 'triangle':
      return <path d={`M${x},${y - 6} L${x + 5.5},${y + 4} L${x - 5.5},${y + 4} Z`} fill={colour} />;
    case 'diamond':
      return <path d={`M${x},${y - 6} L${x + 6},${y} L${x},${y + 6} L${x - 6},${y} Z`} fill={colour} />;
    default:
      return <circle cx={x} cy={y} r="5" fill={colour} />;
  }
}

/** Each item and attribute's lowest impact ratio month by month, with the limit as a dashed line. */
export function TrendChart({ data, limit, label, seriesName }: { data: Trend; limit: number; label: string; seriesName: (i: number) => string }) {
  const { lang } = useEthicsI18n();
  const width = 640;
  const [left, right, top, bottom] = [48, 24, 16, 190];
  const most = Math.max(1, ...data.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const y = linear(0, most, bottom, top);
  const x =
    data.months.length > 1 ? linear(0, data.months.length - 1, left + 30, width - right - 30) : () => (left + width - right) / 2;
  return (
    <figure className="chart-figure">
      <svg className="chart" viewBox={`0 0 ${width} ${bottom + 30}`} role="img" aria-label={label} data-chart="trend">
        {ticks(0, most, 5).map((v) => (
          <g key={v}>
            <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke="#dfe3e8" />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="13" fill="#4f5863">
              {fig(v, 1)}
            </text>
          </g>
        ))}
        {data.months.map((m, i) => (
          <text key={m} x={x(i)} y={bottom + 20} textAnchor="middle" fontSize="13" fill="#4f5863">
            {monthLabel(m, lang)}
          </text>
        ))}
        <line data-testid="limit-line" x1={left} x2={width - right} y1={y(limit)} y2={y(limit)} stroke="#1b1f24" strokeWidth="2" strokeDasharray="6 4" />
        <text x={width - right} y={y(limit) - 5} textAnchor="end" fontSize="13" fill="#1b1f24">
          {fig(limit)}
        </text>
        {data.series.map((s, k) => {
          const colour = SERIES_COLOURS[k % SERIES_COLOURS.length];
          const shape = SERIES_MARKERS[k % SERIES_MARKERS.length];
          const points = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
          // a gap where a month has no value
          const runs: (readonly [number, number])[][] = [[]];
          for (const p of points) {
            if (p) runs[runs.length - 1].push(p);
            else if (runs[runs.length - 1].length) runs.push([]);
          }
          return (
            <g key={`${s.item_id}-${s.attribute}`} data-series={k}>
              {runs
                .filter((r) => r.length > 1)
                .map((r, j) => (
                  <polyline key={j} points={r.map((p) => p.join(',')).join(' ')} fill="none" stroke={colour} strokeWidth="2" />
                ))}
              {points.map((p, i) => (p ? <Marker key={i} shape={shape} x={p[0]} y={p[1]} colour={colour} /> : null))}
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {data.series.map((s, k) => (
          <li key={`${s.item_id}-${s.attribute}`}>
            <svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">
              <line x1="0" x2="22" y1="6" y2="6" stroke={SERIES_COLOURS[k % SERIES_COLOURS.length]} strokeWidth="2" />
              <Marker shape={SERIES_MARKERS[k % SERIES_MARKERS.length]} x={11} y={6} colour={SERIES_COLOURS[k % SERIES_COLOURS.length]} />
            </svg>{' '}
            {seriesName(k)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
