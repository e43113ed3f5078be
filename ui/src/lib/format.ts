// Instants arrive in UTC (RFC 3339) and are always shown in WIB.
import type { Language } from "./bindings";

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

/** Formatters are made once per language and kind: making one costs far more than using
 * it (WebKit loads the locale's data), and Beranda alone formats a dozen dates. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: Language, kind: "minute" | "day"): Intl.DateTimeFormat {
  const key = `${language}-${kind}`;
  let made = formatters.get(key);
  if (!made) {
    made =
      kind === "minute"
        ? new Intl.DateTimeFormat(locales[language], {
            timeZone: "Asia/Jakarta",
            day: "numeric",
            month: "short",
            year: "numeric",
            hour: "2-digit",
            minute: "2-digit",
          })
        : new Intl.DateTimeFormat(locales[language], { timeZone: "UTC", day: "numeric", month: "short" });
    formatters.set(key, made);
  }
  return made;
}

const LAST_LANGUAGE = "medsos.language";

/** Makes the formatters of the language the window last spoke (kept in this PC's web
 * storage; Indonesian the first time). The window calls it at start while it waits for its
 * first answers from the store, so that drawing Beranda does not pay for them (~10 ms). */
export function prepareFormatters() {
  let language: Language = "id";
  try {
    if (localStorage.getItem(LAST_LANGUAGE) === "en") language = "en";
  } catch {
    // No web storage: Indonesian, the default.
  }
  formatter(language, "minute");
  formatter(language, "day");
}

/** Remembers the language the app speaks, for `prepareFormatters` at the next start. */
export function rememberLanguage(language: Language) {
  try {
    localStorage.setItem(LAST_LANGUAGE, language);
  } catch {
    // Storage refused: the next start prepares Indonesian.
  }
}

export function formatWib(stored: string, language: Language): string {
  const date = new Date(stored);
  if (Number.isNaN(date.getTime())) return stored;
  const text = formatter(language, "minute").format(date);
  return `${text} WIB`;
}

/** The hour of day in WIB, for greetings. */
export function wibHour(now: Date): number {
  return (now.getUTCHours() + 7) % 24;
}

/** Characters as the admin counts them (emoji count once), matching the core's rule. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A calendar day "YYYY-MM-DD" (already WIB) as "23 Nov" in the admin's language. */
export function formatDay(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return formatter(language, "day").format(date);
}
