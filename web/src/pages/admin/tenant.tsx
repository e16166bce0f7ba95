// Admin: テナント設定 (issue 18 item 6) — the contract as operators set it (read-only here: plan and hours, options,
// contract end and when the data is deleted), two-step sign-in for admins and experts (./mfaPolicy), the month's
// usage with a chart by day, and planned maintenance.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client';
import { useI18n, type MessageKey } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, PageTitle, formatDateTime } from '../../components/ui';
import {
  OPTIONS,
  minutesByDay,
  monthInJapan,
  type Contract,
  type TenantExport,
  type MaintenanceNotice,
  type Meter,
  type MonthlyUsage,
} from '../../lib/contract';
import { MfaPolicyCard } from './mfaPolicy';

const COUNTED: [Meter, MessageKey][] = [
  ['self_interviews', 'tenant.usage.self'],
  ['face_to_face_interviews', 'tenant.usage.f2f'],
  ['trainings', 'tenant.usage.trainings'],
  ['predictions', 'tenant.usage.predictions'],
  ['reports', 'tenant.usage.reports'],
  ['mails_sent', 'tenant.usage.mails'],
];

export function TenantSettings() {
  const { t } = useI18n();
  const { api } = useSession();
  const contract = useLoad(() => api.get<Contract>('/tenant'), [api]);
  const notices = useLoad(() => api.get<{ maintenance: MaintenanceNotice[] }>('/notices'), [api]);
  return (
    <div className="page">
      <PageTitle>{t('tenant.title')}</PageTitle>
      {contract.loading && !contract.data ? <Loading /> : null}
      <ErrorBox error={contract.error} onRetry={contract.reload} />
      {contract.data && <ContractCard contract={contract.data} />}
      <MfaPolicyCard />
      <UsageCard />
      <ExportsCard />
      <MaintenanceCard notices={notices.data?.maintenance ?? []} />
    </div>
  );
}

function ContractCard({ contract }: { contract: Contract }) {
  const { t, lang } = useI18n();
  const date = (d?: string) => (d ? new Date(`${d}T00:00:00+09:00`).toLocaleDateString(lang === 'en' ? 'en-GB' : 'ja-JP') : t('tenant.none'));
  return (
    <section className="card" aria-labelledby="contract-h" data-testid="contract">
      <h2 id="contract-h">{t('tenant.contract')}</h2>
      <p className="muted">{t('tenant.readOnly')}</p>
      <dl className="facts">
        <dt>{t('tenant.plan')}</dt>
        <dd data-testid="contract-plan">{t(contract.plan === 'always' ? 'tenant.plan.always' : 'tenant.plan.business')}</dd>
        <dt>{t('tenant.yearEnd')}</dt>
        <dd>{t(contract.year_end_closed ? 'tenant.yearEnd.closed' : 'tenant.yearEnd.open')}</dd>
        <dt>{t('tenant.end')}</dt>
        <dd>{date(contract.contract_end)}</dd>
        <dt>{t('tenant.purge')}</dt>
        <dd data-testid="contract-purge">{contract.purge_due ? date(contract.purge_due) : t('tenant.none')}</dd>
      </dl>
      <h3>{t('tenant.options')}</h3>
      <ul className="plain" data-testid="contract-options">
        {OPTIONS.map((o) => (
          <li key={o} data-option={o} data-contracted={contract.options.includes(o)}>
            {contract.options.includes(o) ? '✓ ' : '— '}
            {t(`tenant.option.${o}` as MessageKey)}
            {!contract.options.includes(o) && <span className="muted"> ({t('tenant.notContracted')})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function UsageCard() {
  const { t } = useI18n();
  const { api } = useSession();
  const [month, setMonth] = useState(() => monthInJapan(new Date()));
  const usage = useLoad(() => api.get<MonthlyUsage>(`/usage?month=${encodeURIComponent(month)}`), [api, month]);
  const u = usage.data;
  return (
    <section className="card" aria-labelledby="usage-h" data-testid="usage">
      <h2 id="usage-h">{t('tenant.usage')}</h2>
      <label>
        {t('tenant.usage.month')}
        <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
      </label>
      {usage.loading && !u ? <Loading /> : null}
      <ErrorBox error={usage.error} onRetry={usage.reload} />
      {u && (
        <>
          <div className="table-wrap">
            <table>
              <caption>{t('tenant.usage.totals', { month: u.month })}</caption>
              <tbody>
                {COUNTED.map(([meter, key]) => (
                  <tr key={meter}>
                    <th scope="row">{t(key)}</th>
                    <td data-meter={meter}>{u.totals[meter] ?? 0}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('tenant.usage.recorded')}</th>
                  <td data-meter="minutes_recorded">{u.minutes_recorded}</td>
                </tr>
                <tr>
                  <th scope="row">{t('tenant.usage.analysed')}</th>
                  <td data-meter="minutes_analysed">{u.minutes_analysed}</td>
                </tr>
                <tr>
                  <th scope="row">{t('tenant.usage.transcribed')}</th>
                  <td data-meter="minutes_transcribed">{u.minutes_transcribed}</td>
                </tr>
                <tr>
                  <th scope="row">{t('tenant.usage.storage')}</th>
                  <td data-meter="storage_gb_months">{u.storage_gb_months}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <DailyChart usage={u} />
        </>
      )}
    </section>
  );
}

/** Analysed minutes per day as bars; the table above carries the figures for screen readers. */
function DailyChart({ usage }: { usage: MonthlyUsage }) {
  const { t } = useI18n();
  const days = minutesByDay(usage);
  const most = Math.max(1, ...days.map((d) => d.minutes));
  const width = days.length * 12;
  return (
    <figure className="usage-chart">
      <svg viewBox={`0 0 ${width} 64`} width="100%" height="96" role="img" aria-label={t('tenant.usage.chart')}>
        {days.map((d, i) => {
          const h = Math.round((d.minutes / most) * 60);
          return (
            <rect key={d.day} x={i * 12 + 2} y={62 - h} width={8} height={Math.max(h, d.minutes > 0 ? 1 : 0)}>
              <title>{`${d.day}: ${d.minutes}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted">{t('tenant.usage.chart')}</figcaption>
    </figure>
  );
}

function MaintenanceCard({ notices }: { notices: MaintenanceNotice[] }) {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby="maint-h">
      <h2 id="maint-h">{t('tenant.maintenance')}</h2>
      {notices.length === 0 ? (
        <p>{t('tenant.maintenance.none')}</p>
      ) : (
        <ul className="plain">
          {notices.map((n) => (
            <li key={n.id}>
              {formatDateTime(n.start, lang)} – {formatDateTime(n.end, lang)}: {lang === 'en' ? n.message_en : n.message_ja}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** All the tenant's data as one zip, prepared in the background; the list is read again while one is pending. */
function ExportsCard() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const exports = useLoad(() => api.get<TenantExport[]>('/exports'), [api]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = exports.data?.some((e) => e.state === 'pending') ?? false;
  const { reload } = exports;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [pending, reload]);

  async function ask() {
    setBusy(true);
    setError(null);
    try {
      await api.post('/exports', {});
      reload();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function download(id: string) {
    try {
      const view = await api.get<{ download?: { url: string } }>(`/exports/${id}`);
      if (view.download) window.location.assign(view.download.url);
    } catch (e) {
      setError(e as ApiError);
    }
  }

  return (
    <section className="card" aria-labelledby="exports-h" data-testid="exports">
      <h2 id="exports-h">{t('tenant.export')}</h2>
      <p className="muted">{t('tenant.export.help')}</p>
      <div className="actions">
        <button type="button" onClick={ask} disabled={busy || pending}>
          {t('tenant.export.ask')}
        </button>
      </div>
      <ErrorBox error={error ?? exports.error} />
      <ul className="plain">
        {(exports.data ?? []).map((e) => (
          <li key={e.id} data-export-state={e.state}>
            {formatDateTime(e.created_at, lang)}: {t(`tenant.export.${e.state}` as MessageKey)}
            {e.state === 'ready' && (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => download(e.id)}>
                  {t('tenant.export.download')}
                </button>
              </>
            )}
            {e.state === 'failed' && e.error && <span className="muted"> {e.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
