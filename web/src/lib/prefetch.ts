/**
 * Which lazily loaded chunk a deep link needs, so it can be fetched at start-up in parallel with config.json and
 * the profile call instead of after them (the invitation and "continue" links land on these pages cold).
 */
export type ChunkName = 'interviewee' | 'feedback' | 'admin' | 'interviews' | 'record' | 'reports' | 'call';

export function chunkFor(pathname: string): ChunkName | null {
  const m = /^\/t\/[^/]+(\/.*)?$/.exec(pathname);
  const rest = m?.[1] ?? '';
  if (/^\/me\/[^/]+\/feedback\/?$/.test(rest)) return 'feedback';
  if (/^\/(self\/|me\/?$)/.test(rest)) return 'interviewee';
  if (/^\/admin\//.test(rest)) return 'admin';
  if (/^\/interviews\/[^/]+\/record\/?$/.test(rest)) return 'record';
  if (/^\/(interviews|expert)(\/|$)/.test(rest)) return 'interviews';
  if (/^\/reports\/?$/.test(rest)) return 'reports';
  if (/^\/call\/[^/]+\/?$/.test(rest)) return 'call';
  return null;
}
