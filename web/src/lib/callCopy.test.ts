import { describe, expect, it } from 'vitest';
import { MAX_SESSION_ASKS, SESSION_RETRY_MS, shouldAsk } from './callCopy';

describe('the server copy asks the service to join', () => {
  it('once the channel is open and nothing stores', () => {
    expect(shouldAsk('connecting', null, 0, 0)).toBe(false);
    expect(shouldAsk('waiting', null, 0, 0)).toBe(true);
    expect(shouldAsk('connected', null, 0, 0)).toBe(false);
    expect(shouldAsk('ended', null, 0, 0)).toBe(false);
  });
  it('again when the storing peer is gone, but not faster than the retry time', () => {
    expect(shouldAsk('reconnecting', 1_000, 1, 1_000 + SESSION_RETRY_MS - 1)).toBe(false);
    expect(shouldAsk('reconnecting', 1_000, 1, 1_000 + SESSION_RETRY_MS)).toBe(true);
  });
  it('and not for ever', () => {
    expect(shouldAsk('waiting', 0, MAX_SESSION_ASKS, 10 * SESSION_RETRY_MS * MAX_SESSION_ASKS)).toBe(false);
  });
});
