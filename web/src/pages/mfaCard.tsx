// The profile's two-step sign-in section (issue 20 item 6): whether sign-in asks for an authenticator app's code;
// setting it up (the secret as a QR code and as text, confirmed with a first code) and turning it off — unless the
// tenant requires it of this person (an admin or expert while the policy is on): then it says so and stays on. The
// page shown instead of every other while such a person has none yet (pages/Blocked) holds this card too.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad, useSession } from '../session';
import { ErrorBox, formatDateTime, Loading, Notice } from '../components/ui';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { groupSecret, readMfaView, setupCodeProblem, svgDataUrl, type MfaView, type TotpSetup } from '../lib/mfa';
import { CodeField, useCodeEntry } from '../components/CodeField';

export function MfaCard({ onEnabled }: { /** Called once the set-up is confirmed (the app is on). */ onEnabled?: () => void } = {}) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const state = useLoad(() => api.get<unknown>('/me/mfa').then(readMfaView), [api]);
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [starting, setStarting] = useState(false);
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<'enabled' | 'off' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  // a server without the feature (older than issue 20 item 6): nothing to offer
  if (state.error?.kind === 'not_found') return null;

  async function begin() {
    setStarting(true);
    setError(null);
    setDone(null);
    try {
      setSetup(await api.post<TotpSetup>('/me/mfa/totp'));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setStarting(false);
    }
  }

  async function turnOff() {
    setAsking(false);
    setError(null);
    setDone(null);
    try {
      await api.del<MfaView>('/me/mfa');
      setDone('off');
    } catch (err) {
      setError(err as ApiError);
    }
    state.reload();
  }

  const view = state.data;
  return (
    <section className="card" aria-labelledby="profile-mfa" data-testid="profile-mfa">
      <h2 id="profile-mfa">{t('mfa.title')}</h2>
      <p>{t('mfa.help')}</p>
      {state.loading && !view && <Loading />}
      {view && (
        <dl className="facts">
          <dt>{t('mfa.state')}</dt>
          <dd data-mfa-state={view.enabled ? 'on' : 'off'}>
            {view.enabled ? t('mfa.on', { at: view.enabled_at ? formatDateTime(view.enabled_at, lang) : '—' }) : t('mfa.off')}
          </dd>
        </dl>
      )}
      {view?.required && (
        <p data-testid="mfa-required">
          <span className="badge">{t('mfa.required')}</span> {t(view.enabled ? 'mfa.requiredOn' : 'mfa.requiredOff')}
        </p>
      )}
      {done === 'enabled' && <Notice>{t('mfa.enabled')}</Notice>}
      {done === 'off' && <Notice>{t('mfa.turnedOff')}</Notice>}
      {view && !view.enabled && !setup && (
        <p>
          <button type="button" onClick={() => void begin()} disabled={starting}>
            {starting ? t('mfa.starting') : t('mfa.setUp')}
          </button>
        </p>
      )}
      {view && !view.enabled && setup && (
        <TotpSetUp
          setup={setup}
          onCancel={() => setSetup(null)}
          onDone={() => {
            setSetup(null);
            setDone('enabled');
            state.reload();
            onEnabled?.();
          }}
        />
      )}
      {view?.enabled && !view.required && (
        <p>
          <button type="button" className="secondary" onClick={() => setAsking(true)}>
            {t('mfa.turnOff')}
          </button>
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title={t('mfa.offDialog.title')}
          confirmLabel={t('mfa.offDialog.confirm')}
          cancelLabel={t('mfa.offDialog.cancel')}
          onConfirm={() => void turnOff()}
          onCancel={() => setAsking(false)}
          danger
        >
          <p>{t('mfa.offDialog.body')}</p>
        </ConfirmDialog>
      )}
      <ErrorBox error={error ?? state.error} onRetry={state.error ? state.reload : undefined} />
    </section>
  );
}

/** The QR code of the `otpauth://` address: the qrcode library is loaded only here, when someone sets the app up. */
function useQrCode(uri: string): { src: string | null; failed: boolean } {
  const [qr, setQr] = useState<{ src: string | null; failed: boolean }>({ src: null, failed: false });
  useEffect(() => {
    let live = true;
    setQr({ src: null, failed: false });
    import('qrcode')
      .then((m) => {
        // a CommonJS module: its functions are on the default export, or on the module itself
        const lib = (m as unknown as { default?: typeof m }).default ?? m;
        return lib.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
      })
      .then((svg) => live && setQr({ src: svgDataUrl(svg), failed: false }))
      .catch(() => live && setQr({ src: null, failed: true }));
    return () => {
      live = false;
    };
  }, [uri]);
  return qr;
}

/** Setting up: scan the QR code (or type the key), then confirm with the app's first code. */
function TotpSetUp({ setup, onDone, onCancel }: { setup: TotpSetup; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const qr = useQrCode(setup.uri);
  const entry = useCodeEntry();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // the button that opened the set-up is gone: the set-up's heading takes the focus
  useEffect(() => heading.current?.focus(), []);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const typed = entry.typed(t('mfa.format'));
    if (typed === null) return;
    setBusy(true);
    try {
      await api.post<MfaView>('/me/mfa/totp/confirm', { code: typed });
      onDone();
    } catch (err) {
      setBusy(false);
      const problem = err as ApiError;
      if (setupCodeProblem(problem) === 'wrong_code') {
        entry.refuse(t('mfa.wrong'));
        return;
      }
      entry.setError(problem);
    }
  }

  return (
    <div className="mfa-setup" data-testid="mfa-setup">
      <h3 ref={heading} tabIndex={-1}>
        {t('mfa.setUp')}
      </h3>
      <p>{t('mfa.scan')}</p>
      <div className="mfa-qr">
        {qr.src ? (
          <img src={qr.src} alt={t('mfa.qrAlt')} width={200} height={200} data-testid="mfa-qr" />
        ) : qr.failed ? (
          <p className="error-text">{t('mfa.qrFailed')}</p>
        ) : (
          <p className="muted">{t('mfa.qrLoading')}</p>
        )}
      </div>
      <p>{t('mfa.secret')}</p>
      {/* one element per group, without spaces in the text: copying gives the key as the app takes it */}
      <p>
        <code className="mfa-secret" translate="no" data-secret={setup.secret}>
          {groupSecret(setup.secret).map((group, i) => (
            <span key={i}>{group}</span>
          ))}
        </code>
      </p>
      <form className="form" onSubmit={confirm} noValidate>
        <p>{t('mfa.enter')}</p>
        <CodeField label={t('mfa.code')} entry={entry} />
        <ErrorBox error={entry.error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('mfa.confirming') : t('mfa.confirm')}
          </button>
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            {t('mfa.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
