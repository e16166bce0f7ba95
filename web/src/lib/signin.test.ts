import { describe, expect, it } from 'vitest';
import { checkNewPassword, classifyLogin, DEFAULT_EXPIRES_IN, MIN_PASSWORD_LENGTH, passwordLength } from './signin';

describe('the answer of auth/login', () => {
  it('is a token when it carries one, with how long it lives', () => {
    expect(classifyLogin({ token: 'abc', expires_in: 900 })).toEqual({ kind: 'token', token: 'abc', expiresIn: 900 });
    expect(classifyLogin({ token: 'abc', expires_in: 120 })).toEqual({ kind: 'token', token: 'abc', expiresIn: 120 });
  });

  it('takes 15 minutes when expires_in is missing or unusable', () => {
    expect(DEFAULT_EXPIRES_IN).toBe(900);
    expect(classifyLogin({ token: 'abc' })).toEqual({ kind: 'token', token: 'abc', expiresIn: 900 });
    for (const bad of ['900', 0, -5, null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(classifyLogin({ token: 'abc', expires_in: bad })).toEqual({ kind: 'token', token: 'abc', expiresIn: 900 });
    }
  });

  it('ignores a refresh_token in the body (the browser keeps it in a cookie it cannot read)', () => {
    expect(classifyLogin({ token: 'abc', expires_in: 900, refresh_token: 'r' })).toEqual({ kind: 'token', token: 'abc', expiresIn: 900 });
  });

  it('is the new-password step for the new_password_required challenge with a session', () => {
    expect(classifyLogin({ challenge: 'new_password_required', session: 's-1' })).toEqual({ kind: 'new_password', session: 's-1' });
  });

  it('is the authenticator-code step for the mfa_required challenge with a session', () => {
    expect(classifyLogin({ challenge: 'mfa_required', session: 'm-1' })).toEqual({ kind: 'mfa', session: 'm-1' });
    expect(classifyLogin({ challenge: 'mfa_required' })).toEqual({ kind: 'unsupported', challenge: 'mfa_required' });
    expect(classifyLogin({ challenge: 'mfa_required', session: '' })).toEqual({ kind: 'unsupported', challenge: 'mfa_required' });
  });

  it('is unsupported for another challenge, a challenge without a session, or an unreadable body', () => {
    expect(classifyLogin({ challenge: 'SOFTWARE_TOKEN_MFA', session: 's' })).toEqual({ kind: 'unsupported', challenge: 'SOFTWARE_TOKEN_MFA' });
    expect(classifyLogin({ challenge: 'new_password_required' })).toEqual({ kind: 'unsupported', challenge: 'new_password_required' });
    expect(classifyLogin({ challenge: 'new_password_required', session: '' })).toEqual({ kind: 'unsupported', challenge: 'new_password_required' });
    expect(classifyLogin({ token: '' })).toEqual({ kind: 'unsupported', challenge: null });
    expect(classifyLogin('<html>')).toEqual({ kind: 'unsupported', challenge: null });
    expect(classifyLogin(null)).toEqual({ kind: 'unsupported', challenge: null });
  });
});

describe('the new-password form', () => {
  const temp = 'CCFzN9j95TWHPXCm3v';

  it('accepts a long enough password, confirmed, that is not the temporary one', () => {
    expect(checkNewPassword('my-own-password-1', 'my-own-password-1', temp)).toBeNull();
    expect(checkNewPassword('a'.repeat(MIN_PASSWORD_LENGTH), 'a'.repeat(MIN_PASSWORD_LENGTH), temp)).toBeNull();
  });

  it('asks for at least 12 characters, counted as a person counts them', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(checkNewPassword('short-pass1', 'short-pass1', temp)).toBe('too_short');
    expect(checkNewPassword('', '', temp)).toBe('too_short');
    expect(passwordLength('パスワード🔑')).toBe(6);
    expect(checkNewPassword('面談のパスワードは長めに🔑', '面談のパスワードは長めに🔑', temp)).toBeNull();
    expect(checkNewPassword('パスワード🔑🔑🔑🔑🔑🔑🔑', 'パスワード🔑🔑🔑🔑🔑🔑🔑', temp)).toBeNull(); // 12 code points, 19 UTF-16 units
    expect(checkNewPassword('パスワード🔑🔑🔑🔑🔑🔑', 'パスワード🔑🔑🔑🔑🔑🔑', temp)).toBe('too_short'); // 11
  });

  it('needs the confirmation to match exactly', () => {
    expect(checkNewPassword('my-own-password-1', 'my-own-password-2', temp)).toBe('mismatch');
    expect(checkNewPassword('my-own-password-1', 'my-own-password-1 ', temp)).toBe('mismatch');
    expect(checkNewPassword('my-own-password-1', '', temp)).toBe('mismatch');
  });

  it('refuses the temporary password itself', () => {
    expect(checkNewPassword(temp, temp, temp)).toBe('same_as_temporary');
    // without a known temporary password (never the case on this screen) nothing is compared
    expect(checkNewPassword('my-own-password-1', 'my-own-password-1', '')).toBeNull();
  });
});
