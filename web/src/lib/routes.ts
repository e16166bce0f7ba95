/**
 * Which routes the API offers, read from its OpenAPI document. Used to tell "this server has no such
 * feature yet" apart from "nothing here yet" (older servers answered 404 for both, for example a feedback not yet written).
 */
export interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
}

/** `/t/{tenant}/v1/interviews/{id}/feedback` → `/interviews/{}/feedback`: the part after the version, parameters unnamed. */
export function routeShape(path: string): string {
  const rest = path.replace(/^\/t\/\{[^}]*\}\/v\d+/, '');
  return rest.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

/** Whether the document lists `method` on `path` (written like `/interviews/{id}/feedback`). */
export function offers(doc: OpenApiDoc, method: string, path: string): boolean {
  const want = routeShape(path);
  const m = method.toLowerCase();
  return Object.entries(doc.paths ?? {}).some(([p, ops]) => routeShape(p) === want && typeof ops === 'object' && ops !== null && m in ops);
}
