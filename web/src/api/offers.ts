import { useEffect, useState } from 'react';
import { offers, type OpenApiDoc } from '../lib/routes';
import { useSession } from '../session';

// One OpenAPI document per API base, fetched the first time a screen asks.
const docs = new Map<string, Promise<OpenApiDoc | null>>();

function docOf(base: string): Promise<OpenApiDoc | null> {
  let p = docs.get(base);
  if (!p) {
    p = fetch(`${base}/openapi.json`, { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<OpenApiDoc>) : null))
      .catch(() => null);
    docs.set(base, p);
  }
  return p;
}

/** Outside React: whether the server offers a route (true when its document cannot be read). */
export async function isOffered(base: string, method: string, path: string): Promise<boolean> {
  const doc = await docOf(base);
  return doc ? offers(doc, method, path) : true;
}

/**
 * Whether this server offers `method path`: null while unknown. When the document cannot be read
 * (a deployment that does not publish it), the route is assumed to exist and the screen simply tries it.
 */
export function useOffered(method: string, path: string): boolean | null {
  const { api } = useSession();
  const [state, setState] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void docOf(api.base).then((doc) => live && setState(doc ? offers(doc, method, path) : true));
    return () => {
      live = false;
    };
  }, [api.base, method, path]);
  return state;
}
