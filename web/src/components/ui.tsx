import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { InterviewStatus, User } from '../api/types';
import { useI18n } from '../i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

/** An API error for the user: the server's own `detail` (already in the UI language). */
export function ErrorBox({ error, onRetry }: { error: ApiError | Error | string | null; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const text = typeof error === 'string' ? error : error.message;
  return (
    <div className="error" role="alert">
      <p>{text}</p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status" aria-live="polite">
      {children}
    </div>
  );
}

/** A "not yet available" panel for what the back end does not offer yet. */
export function Unavailable({ title, text }: { title: string; text: string }) {
  const { t } = useI18n();
  return (
    <section className="card unavailable" aria-label={title}>
      <h3>{title}</h3>
      <p>
        <span className="badge muted-badge">{t('app.notAvailable')}</span> {text}
      </p>
    </section>
  );
}

export function StatusBadge({ status }: { status: InterviewStatus }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

/** The page title: moved into focus on navigation so screen readers announce the new page. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    if (typeof children === 'string') document.title = `${children} | Mendan`;
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function formatDateTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function nameOf(users: User[] | null, id: string | null): string {
  if (!id) return '—';
  return users?.find((u) => u.id === id)?.display_name ?? id.slice(0, 8);
}
