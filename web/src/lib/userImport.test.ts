import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_ROWS, readImport, roleFromWord } from './userImport';

describe('roleFromWord', () => {
  it('knows Japanese and English role words, any width or case', () => {
    expect(roleFromWord('管理者')).toBe('admin');
    expect(roleFromWord('Interviewer')).toBe('interviewer');
    expect(roleFromWord('ＥＸＰＥＲＴ')).toBe('expert');
    expect(roleFromWord(' 被面談者 ')).toBe('interviewee');
    expect(roleFromWord('社長')).toBeNull();
  });
});

describe('readImport', () => {
  it('reads Japanese headings in any order', () => {
    const r = readImport([['氏名', 'ロール', 'メールアドレス'], ['山田 花子', '面談者', 'hanako@demo.example']], []);
    expect(r).toEqual({
      ok: true,
      rows: [{ line: 2, email: 'hanako@demo.example', name: '山田 花子', role: 'interviewer', roleText: '面談者', problems: [] }],
    });
  });

  it('names every problem of a row and reports duplicates', () => {
    const r = readImport(
      [
        ['email', 'display_name', 'role'],
        ['not-an-address', '', 'boss'],
        ['taken@demo.example', 'A', 'admin'],
        ['new@demo.example', 'B', 'expert'],
        ['NEW@demo.example', 'C', 'expert'],
        ['long@demo.example', 'x'.repeat(101), 'expert'],
      ],
      [{ email: 'Taken@demo.example' }],
    );
    if (!r.ok) throw new Error('not read');
    expect(r.rows.map((x) => x.problems)).toEqual([
      ['import.badEmail', 'import.noName', 'import.badRole'],
      ['import.exists'],
      [],
      ['import.twice'],
      ['import.longName'],
    ]);
  });

  it('refuses a file without the headings, without rows, or with too many', () => {
    expect(readImport([], [])).toEqual({ ok: false, problem: 'import.empty' });
    expect(readImport([['email', 'name']], [])).toEqual({ ok: false, problem: 'import.headers' });
    expect(readImport([['email', 'name', 'role']], [])).toEqual({ ok: false, problem: 'import.empty' });
    const many = [['email', 'name', 'role'], ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => [`p${i}@x.jp`, 'P', 'admin'])];
    expect(readImport(many, [])).toEqual({ ok: false, problem: 'import.tooMany' });
  });
});
