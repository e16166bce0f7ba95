// 前へ / 次へ with "1–25 / 80 件" under a paged admin list (issue 14 item 8).
import type { Page } from '../lib/listing';
import { useI18n } from '../i18n';

export function Pager({ page, onPage, label }: { page: Page<unknown>; onPage: (n: number) => void; label: string }) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label={`${label}: ${t('list.pages')}`}>
      <button type="button" className="secondary small" disabled={page.page <= 1} onClick={() => onPage(page.page - 1)}>
        {t('list.prev')}
      </button>
      <span className="range" aria-live="polite" data-testid="page-range">
        {t('list.range', { from: page.from, to: page.to, total: page.total })}
      </span>
      <button type="button" className="secondary small" disabled={page.page >= page.pages} onClick={() => onPage(page.page + 1)}>
        {t('list.next')}
      </button>
    </nav>
  );
}
