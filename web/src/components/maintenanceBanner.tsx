// Planned maintenance announced ahead (issue 18): a banner on every screen, the sign-in page included, from the
// window's notice time to its start; during the window the API answers `maintenance` and the screen is blocked.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { upcoming, type MaintenanceNotice } from '../lib/contract';
import { formatDateTime } from './ui';

/** How often the notices are read again while a page stays open. */
const EVERY_MS = 5 * 60 * 1000;

export function MaintenanceBanner() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [notices, setNotices] = useState<MaintenanceNotice[]>([]);
  useEffect(() => {
    let live = true;
    const read = () =>
      api
        .get<{ maintenance: MaintenanceNotice[] }>('/notices')
        .then((n) => live && setNotices(upcoming(n.maintenance)))
        // No notices (an older server, the network): nothing to announce.
        .catch(() => undefined);
    void read();
    const timer = setInterval(read, EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  if (notices.length === 0) return null;
  return (
    <div className="banner" role="status" data-testid="maintenance-banner">
      {notices.map((n) => (
        <p key={n.id}>
          <strong>{t('banner.maintenance')}</strong> {formatDateTime(n.start, lang)} – {formatDateTime(n.end, lang)}:{' '}
          {lang === 'en' ? n.message_en : n.message_ja}
        </p>
      ))}
    </div>
  );
}
