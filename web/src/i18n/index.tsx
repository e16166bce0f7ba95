import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ja, type MessageKey } from './ja';
import { en } from './en';

export type Lang = 'ja' | 'en';
export const LANGS: Lang[] = ['ja', 'en'];
export const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };
export type { MessageKey };

export type Vars = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return format(dictionaries[lang][key] ?? ja[key] ?? key, vars);
}

/** Japanese unless the user chose English, or (first visit) the browser prefers English. */
export function initialLang(stored: string | null, browser: readonly string[] | undefined): Lang {
  if (stored === 'ja' || stored === 'en') return stored;
  const first = (browser?.[0] ?? '').toLowerCase();
  return first.startsWith('en') ? 'en' : 'ja';
}

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
}

const Ctx = createContext<I18n | null>(null);
const STORE = 'mendan.lang';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() =>
    initialLang(localStorage.getItem(STORE), typeof navigator !== 'undefined' ? navigator.languages : undefined),
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORE, l);
    setLangState(l);
  }, []);
  const t = useCallback((key: MessageKey, vars?: Vars) => translate(lang, key, vars), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
