// Instants arrive in UTC (RFC 3339) and are always shown in WIB.
import type { Language } from "./bindings";

/** Short month names as the platform's date formatter writes them (CLDR, id-ID and en-GB);
 * format.test.ts checks every month against `Intl.DateTimeFormat`. The dates are written
 * here rather than by Intl: its first use at start loads the locale's data (~8 ms of the
 * window's first screen on an office PC), and every date the app shows has one fixed shape. */
const MONTHS: Record<Language, readonly string[]> = {
  id: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"],
};

/** WIB is UTC+7 all year (no daylight saving). */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** "27 Nov 2026, 00.30 WIB" (Indonesian) or "27 Nov 2026, 00:30 WIB" (English). */
export function formatWib(stored: string, language: Language): string {
  const date = new Date(stored);
  if (Number.isNaN(date.getTime())) return stored;
  const wib = new Date(date.getTime() + WIB_OFFSET_MS);
  const time = `${twoDigits(wib.getUTCHours())}${language === "id" ? "." : ":"}${twoDigits(wib.getUTCMinutes())}`;
  return `${wib.getUTCDate()} ${MONTHS[language][wib.getUTCMonth()]} ${wib.getUTCFullYear()}, ${time} WIB`;
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
  return `${date.getUTCDate()} ${MONTHS[language][date.getUTCMonth()]}`;
}
