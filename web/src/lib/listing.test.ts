import { describe, expect, it } from 'vitest';
import { inDayRange, matchesQuery, normalise, paginate } from './listing';

describe('search', () => {
  it('ignores case and full/half width', () => {
    expect(normalise('  ＹＡＭＡＤＡ　ﾀﾛｳ ')).toBe('yamada タロウ');
    expect(matchesQuery('yamada', ['ＹＡＭＡＤＡ Taro'])).toBe(true);
    expect(matchesQuery('ﾀﾛｳ', ['山田 タロウ'])).toBe(true);
    expect(matchesQuery('@DEMO.example', ['a@demo.example'])).toBe(true);
  });

  it('needs every word, in any of the fields', () => {
    expect(matchesQuery('山田 demo', ['山田 太郎', 'taro@demo.example'])).toBe(true);
    expect(matchesQuery('山田 acme', ['山田 太郎', 'taro@demo.example'])).toBe(false);
    expect(matchesQuery('   ', ['x'])).toBe(true);
    expect(matchesQuery('x', [null, undefined])).toBe(false);
  });
});

describe('paginate', () => {
  const all = Array.from({ length: 80 }, (_, i) => i);
  it('cuts pages of 25 and says which part is shown', () => {
    const p1 = paginate(all, 1);
    expect([p1.from, p1.to, p1.total, p1.pages, p1.items.length]).toEqual([1, 25, 80, 4, 25]);
    const p4 = paginate(all, 4);
    expect([p4.from, p4.to, p4.items[0]]).toEqual([76, 80, 75]);
  });

  it('clamps a page out of range and handles an empty list', () => {
    expect(paginate(all, 9).page).toBe(4);
    expect(paginate(all, 0).page).toBe(1);
    expect(paginate([], 3)).toEqual({ items: [], page: 1, pages: 1, from: 0, to: 0, total: 0 });
  });
});

describe('inDayRange', () => {
  it('includes both days whole, local time', () => {
    const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).toISOString();
    expect(inDayRange(at(2026, 12, 5, 23), '2026-12-05', '2026-12-05')).toBe(true);
    expect(inDayRange(at(2026, 12, 6, 0), '2026-12-05', '2026-12-05')).toBe(false);
    expect(inDayRange(at(2026, 12, 4, 23), '2026-12-05', '')).toBe(false);
    expect(inDayRange(at(2026, 12, 4, 23), '', '')).toBe(true);
  });
});
