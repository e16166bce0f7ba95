import { describe, expect, it } from 'vitest';
import { offers, routeShape } from './routes';

const doc = {
  paths: {
    '/t/{tenant}/v1/interviews/{id}/summary': { get: {} },
    '/t/{tenant}/v1/interviews/{interview_id}/feedback/approve': { post: {} },
    '/t/{tenant}/v1/reports': { get: {}, post: {} },
    '/healthz': { get: {} },
  },
};

describe('routes offered by the API', () => {
  it('compares paths without the tenant prefix and the parameter names', () => {
    expect(routeShape('/t/{tenant}/v1/interviews/{id}/summary')).toBe('/interviews/{}/summary');
    expect(routeShape('/interviews/{id}/summary/')).toBe('/interviews/{}/summary');
  });
  it('finds a method on a path', () => {
    expect(offers(doc, 'GET', '/interviews/{id}/summary')).toBe(true);
    expect(offers(doc, 'POST', '/interviews/{id}/feedback/approve')).toBe(true);
    expect(offers(doc, 'post', '/reports')).toBe(true);
  });
  it('says no for a missing path or method', () => {
    expect(offers(doc, 'GET', '/interviews/{id}/feedback')).toBe(false);
    expect(offers(doc, 'PUT', '/interviews/{id}/summary')).toBe(false);
    expect(offers(doc, 'GET', '/reports/items')).toBe(false);
    expect(offers({}, 'GET', '/reports')).toBe(false);
  });
});
