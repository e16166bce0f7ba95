// Admin: a person whose address bounced for good or complained (issue 15) gets no mail; the users table says so
// in their state cell and offers to send to the address again once they fixed their mailbox.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';

export interface Undeliverable {
  email: string;
  user_id: string;
  reason: 'bounced' | 'complained';
  detail: string;
  at: string;
}

export function UndeliverableNote({ entry, onCleared }: { entry: Undeliverable; onCleared: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [busy, setBusy] = useState(false);

  async function clear() {
    setBusy(true);
    try {
      await api.del(`/mail/undeliverable/${entry.user_id}`);
      onCleared();
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="undeliverable" data-testid="undeliverable">
      <span className="badge warn" title={entry.detail}>
        {t(entry.reason === 'complained' ? 'users.mailComplained' : 'users.mailBounced')}
      </span>{' '}
      <button type="button" className="secondary small" disabled={busy} onClick={() => void clear()}>
        {t('users.mailResume')}
      </button>
    </span>
  );
}
