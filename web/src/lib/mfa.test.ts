import { describe, expect, it } from 'vitest';
import {
  CODE_DIGITS,
  groupSecret,
  isCompleteCode,
  isMfaSetupRequired,
  normalizeCode,
  policyProblem,
  readMfaPolicy,
  readMfaView,
  setupCodeProblem,
  signInCodeProblem,
  svgDataUrl,
} from './mfa';

describe('the secret for typing in by hand', () => {
  it('comes in groups of four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toEqual(['JBSW', 'Y3DP', 'EHPK', '3PXP', 'JBSW', 'Y3DP', 'EHPK', '3PXP']);
  });

  it('keeps a shorter last group', () => {
    expect(groupSecret('ABCDEFGHIJ')).toEqual(['ABCD', 'EFGH', 'IJ']);
  });

  it('is upper case, without spaces or padding', () => {
    expect(groupSecret(' jbsw y3dp\tehpk==== ')).toEqual(['JBSW', 'Y3DP', 'EHPK']);
    expect(groupSecret('')).toEqual([]);
  });

  it('keeps every character, in order', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(groupSecret(secret).join('')).toBe(secret);
    expect(groupSecret(secret, 8)).toEqual(['GEZDGNBV', 'GY3TQOJQ', 'GEZDGNBV', 'GY3TQOJQ']);
  });
});

describe('the code as a person types it', () => {
  it('is six digits', () => {
    expect(CODE_DIGITS).toBe(6);
    expect(isCompleteCode('012345')).toBe(true);
    for (const bad of ['', '12345', '1234567', '12345a', '１２３４５６', '123 456']) expect(isCompleteCode(bad), bad).toBe(false);
  });

  it('takes full-width digits, spaces and hyphens', () => {
    expect(normalizeCode('１２３４５６')).toBe('123456');
    expect(normalizeCode(' 123 456 ')).toBe('123456');
    expect(normalizeCode('123　456')).toBe('123456');
    expect(normalizeCode('123-456')).toBe('123456');
    expect(normalizeCode('１２３－４５６')).toBe('123456');
    expect(isCompleteCode(normalizeCode('０１２ ３４５'))).toBe(true);
  });

  it('leaves letters, so the check refuses them', () => {
    expect(normalizeCode('12a456')).toBe('12a456');
    expect(isCompleteCode(normalizeCode('12a456'))).toBe(false);
  });
});

describe("the API's refusals", () => {
  const problem = (status: number, type: string, field: string | null = null) => ({ status, type, field });

  it('of the sign-in code: a wrong code is retried, an expired step goes back to the password', () => {
    expect(signInCodeProblem(problem(401, 'wrong_code'))).toBe('wrong_code');
    expect(signInCodeProblem(problem(401, 'sign_in_expired'))).toBe('expired');
    expect(signInCodeProblem(problem(401, 'account_disabled'))).toBe('other');
    expect(signInCodeProblem(problem(429, 'too_many_attempts'))).toBe('other');
    expect(signInCodeProblem(problem(0, ''))).toBe('other');
  });

  it('of the set-up: a code that does not match is a 422 on the field code', () => {
    expect(setupCodeProblem(problem(422, 'invalid', 'code'))).toBe('wrong_code');
    expect(setupCodeProblem(problem(422, 'invalid', 'other'))).toBe('other');
    expect(setupCodeProblem(problem(401, 'unauthenticated', 'code'))).toBe('other');
    expect(setupCodeProblem(problem(503, 'unavailable'))).toBe('other');
  });
});

describe('the state of the account', () => {
  it('is on with its date, or off', () => {
    expect(readMfaView({ enabled: true, enabled_at: '2026-12-04T01:00:00Z', required: false })).toEqual({
      enabled: true,
      enabled_at: '2026-12-04T01:00:00Z',
      required: false,
    });
    expect(readMfaView({ enabled: false, enabled_at: null, required: false })).toEqual({ enabled: false, enabled_at: null, required: false });
    expect(readMfaView({ enabled: true })).toEqual({ enabled: true, enabled_at: null, required: false });
  });

  it('says whether the tenant requires it, on or not yet set up', () => {
    expect(readMfaView({ enabled: true, enabled_at: '2026-12-04T01:00:00Z', required: true }).required).toBe(true);
    expect(readMfaView({ enabled: false, enabled_at: null, required: true })).toEqual({ enabled: false, enabled_at: null, required: true });
  });

  it('counts as not required from an older server, or when unreadable', () => {
    expect(readMfaView({ enabled: false, enabled_at: null }).required).toBe(false);
    expect(readMfaView({ enabled: true, required: 'true' }).required).toBe(false);
    expect(readMfaView({ enabled: true, required: 1 }).required).toBe(false);
  });

  it('counts an unreadable answer as off', () => {
    expect(readMfaView(null)).toEqual({ enabled: false, enabled_at: null, required: false });
    expect(readMfaView('on')).toEqual({ enabled: false, enabled_at: null, required: false });
    expect(readMfaView({ enabled: 'yes', enabled_at: '2026-12-04T01:00:00Z' })).toEqual({ enabled: false, enabled_at: null, required: false });
  });
});

describe("the tenant's requirement of an app for admins and experts", () => {
  it('reads the policy and the count of those without an app', () => {
    expect(readMfaPolicy({ staff_mfa_required: true, staff_without_mfa: 3 })).toEqual({ staff_mfa_required: true, staff_without_mfa: 3 });
    expect(readMfaPolicy({ staff_mfa_required: false, staff_without_mfa: 0 })).toEqual({ staff_mfa_required: false, staff_without_mfa: 0 });
  });

  it('counts an unreadable answer as not required, with no one counted', () => {
    expect(readMfaPolicy(null)).toEqual({ staff_mfa_required: false, staff_without_mfa: 0 });
    expect(readMfaPolicy({})).toEqual({ staff_mfa_required: false, staff_without_mfa: 0 });
    expect(readMfaPolicy({ staff_mfa_required: 'yes', staff_without_mfa: '2' })).toEqual({ staff_mfa_required: false, staff_without_mfa: 0 });
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) expect(readMfaPolicy({ staff_mfa_required: true, staff_without_mfa: bad }).staff_without_mfa, String(bad)).toBe(0);
  });

  it("knows the refusal of a person who must set up an app first", () => {
    expect(isMfaSetupRequired({ type: 'mfa_setup_required' })).toBe(true);
    for (const other of ['forbidden', 'maintenance', 'mfa_required', '']) expect(isMfaSetupRequired({ type: other }), other).toBe(false);
  });

  it("knows turning it on before the admin's own app is set up", () => {
    const problem = (status: number, type: string, field: string | null = null) => ({ status, type, field });
    expect(policyProblem(problem(422, 'invalid', 'staff_mfa_required'))).toBe('own_app_missing');
    expect(policyProblem(problem(422, 'invalid', 'other'))).toBe('other');
    expect(policyProblem(problem(422, 'invalid'))).toBe('other');
    expect(policyProblem(problem(403, 'forbidden', 'staff_mfa_required'))).toBe('other');
    expect(policyProblem(problem(0, ''))).toBe('other');
  });
});

describe('the QR code as an image', () => {
  it('is a data: address holding the SVG, decodable back to it', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path stroke="#000" d="M4 4.5h7"/></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(url).not.toMatch(/[<>"# ]/);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(svg);
  });
});
