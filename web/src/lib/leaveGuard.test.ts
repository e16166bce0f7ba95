import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardClicks, guardLeaving, mayLeave } from './leaveGuard';

function click(tag: 'a' | 'button' | 'span') {
  const inner = { closest: (sel: string) => (tag !== 'span' && sel.includes(tag) ? {} : null) };
  return { target: inner as unknown as EventTarget, preventDefault: vi.fn(), stopPropagation: vi.fn() };
}

describe('leave guard', () => {
  afterEach(() => guardLeaving(null));

  it('lets people leave when nothing is unsaved, without asking', () => {
    const ask = vi.fn(() => false);
    expect(mayLeave(ask)).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks while an answer is unsaved, and stays when the person says so', () => {
    guardLeaving('録画中の回答は保存されません。移動しますか？');
    const stay = click('a');
    guardClicks(stay, () => false);
    expect(stay.preventDefault).toHaveBeenCalled();
    expect(stay.stopPropagation).toHaveBeenCalled();
    const go = click('button');
    guardClicks(go, () => true);
    expect(go.preventDefault).not.toHaveBeenCalled();
  });

  it('ignores clicks that are not on a link or button', () => {
    guardLeaving('unsaved');
    const ask = vi.fn(() => false);
    const elsewhere = click('span');
    guardClicks(elsewhere, ask);
    expect(ask).not.toHaveBeenCalled();
    expect(elsewhere.preventDefault).not.toHaveBeenCalled();
  });
});
