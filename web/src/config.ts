/** Runtime configuration, read from `config.json` beside index.html, so one build serves every deployment. */
export type AuthMode = 'embedded' | 'cognito';

export interface AppConfig {
  /** Origin (and optional path prefix) of the API; "" means the same origin as the page. */
  apiBase: string;
  /** The tenant used when the address names none (the root `/` redirects to `/t/{tenant}/`). */
  tenant: string;
  /**
   * How accounts are kept: `embedded` (the API's own store) or `cognito` (AWS; the API fronts Cognito).
   * Both use the same screen and calls: POST auth/login, and POST auth/new-password after a temporary password.
   * The value only changes the note on the sign-in screen.
   */
  auth: AuthMode;
}

export const DEFAULT_CONFIG: AppConfig = { apiBase: '', tenant: 'demo', auth: 'embedded' };

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function parseConfig(raw: unknown): AppConfig {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_CONFIG };
  const r = raw as Record<string, unknown>;
  const apiBase = typeof r.apiBase === 'string' ? r.apiBase.replace(/\/+$/, '') : DEFAULT_CONFIG.apiBase;
  const tenant = typeof r.tenant === 'string' && SLUG.test(r.tenant) ? r.tenant : DEFAULT_CONFIG.tenant;
  const auth: AuthMode = r.auth === 'cognito' ? 'cognito' : 'embedded';
  return { apiBase, tenant, auth };
}

export async function loadConfig(): Promise<AppConfig> {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (!res.ok) return { ...DEFAULT_CONFIG };
    return parseConfig(await res.json());
  } catch {
    return { ...DEFAULT_CONFIG };
  }
}
