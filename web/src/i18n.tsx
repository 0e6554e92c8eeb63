// Romanian (the default) and English: the app's words, and dates, numbers and
// money in the language's formats (Intl, ro-RO: "9 februarie 2026", "7,5").
// The server's messages come in the same language through Accept-Language.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ro, type Dict } from "./i18n_ro";
import { en } from "./i18n_en";

export type Lang = "ro" | "en";
export type Key = keyof Dict;

const dicts: Record<Lang, Dict> = { ro, en };
const locales: Record<Lang, string> = { ro: "ro-RO", en: "en-GB" };
const storageKey = "cronica.lang";

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  /** t translates a key; {name} in the text is replaced by vars.name. */
  t: (key: Key, vars?: Record<string, string | number>) => string;
  /** date formats "YYYY-MM-DD" (or a full timestamp) as a long date. */
  date: (iso: string | undefined | null) => string;
  /** dateTime formats an RFC 3339 time. */
  dateTime: (iso: string | undefined | null) => string;
  /** month formats "YYYY-MM" as "februarie 2026". */
  month: (ym: string) => string;
  /** weekday is the short weekday of "YYYY-MM-DD". */
  weekday: (iso: string) => string;
  /** num formats a decimal string or number in the language's format. */
  num: (v: string | number | undefined | null, digits?: number) => string;
  /** hours formats minutes as hours ("7,5"). */
  hours: (minutes: number) => string;
  /** money formats "1234.50" and a currency. */
  money: (v: string, currency: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const saved = localStorage.getItem(storageKey);
  return saved === "en" || saved === "ro" ? saved : "ro";
}

/** utcDate reads "YYYY-MM-DD" as that civil day (no time zone shift). */
function utcDate(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(y, (m || 1) - 1, d || 1));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const loc = locales[lang];
    const dict = dicts[lang];
    const longDate = new Intl.DateTimeFormat(loc, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const stamp = new Intl.DateTimeFormat(loc, { dateStyle: "medium", timeStyle: "short" });
    const monthF = new Intl.DateTimeFormat(loc, { month: "long", year: "numeric", timeZone: "UTC" });
    const wd = new Intl.DateTimeFormat(loc, { weekday: "short", timeZone: "UTC" });
    return {
      lang,
      setLang: (l) => {
        localStorage.setItem(storageKey, l);
        setLangState(l);
      },
      t: (key, vars) => {
        let s: string = dict[key] ?? key;
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
        return s;
      },
      date: (iso) => (iso ? longDate.format(utcDate(iso)) : "—"),
      dateTime: (iso) => (iso ? stamp.format(new Date(iso)) : "—"),
      month: (ym) => monthF.format(utcDate(ym + "-01")),
      weekday: (iso) => wd.format(utcDate(iso)),
      num: (v, digits) => {
        if (v === undefined || v === null || v === "") return "—";
        const s = String(v);
        if (s.includes("/")) return s; // an exact fraction stays as the server wrote it
        const n = Number(s);
        if (!Number.isFinite(n)) return s;
        return new Intl.NumberFormat(loc, digits === undefined ? { maximumFractionDigits: 4 } : {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(n);
      },
      hours: (minutes) => new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(minutes / 60),
      money: (v, currency) => {
        const n = Number(v);
        if (!Number.isFinite(n)) return `${v} ${currency}`;
        try {
          return new Intl.NumberFormat(loc, { style: "currency", currency, minimumFractionDigits: 2 }).format(n);
        } catch {
          return `${new Intl.NumberFormat(loc, { minimumFractionDigits: 2 }).format(n)} ${currency}`;
        }
      },
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error("i18n: useI18n outside I18nProvider");
  return v;
}
