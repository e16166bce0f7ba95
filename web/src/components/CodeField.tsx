// The field for an authenticator app's 6-digit code, as the sign-in's code step and the profile's set-up both ask
// for it: its state, the check before sending (full-width digits and spaces accepted), and the refusal that empties
// it and puts the focus back.
import { useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import { isCompleteCode, normalizeCode } from '../lib/mfa';

export type CodeEntry = ReturnType<typeof useCodeEntry>;

export function useCodeEntry() {
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<ApiError | Error | string | null>(null);
  const ref = useRef<HTMLInputElement>(null);

  /** Marks the field wrong with `message` (emptied unless `keep`) and gives it the focus again. */
  function refuse(message: string, keep = false) {
    setInvalid(true);
    if (!keep) setCode('');
    setError(message);
    ref.current?.focus();
  }

  /** The code as the API wants it; `null` after saying `formatMessage` when it is not six digits. */
  function typed(formatMessage: string): string | null {
    setError(null);
    setInvalid(false);
    const normalized = normalizeCode(code);
    if (isCompleteCode(normalized)) return normalized;
    refuse(formatMessage, true);
    return null;
  }

  return { code, setCode, invalid, error, setError, ref, refuse, typed };
}

export function CodeField({ label, entry }: { label: string; entry: CodeEntry }) {
  return (
    <label>
      {label}
      <input
        ref={entry.ref}
        type="text"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        // room for 「123 456」 typed with a space
        maxLength={12}
        required
        className="otp-code"
        aria-invalid={entry.invalid || undefined}
        value={entry.code}
        onChange={(e) => entry.setCode(e.target.value)}
      />
    </label>
  );
}
