// Instants arrive in UTC (RFC 3339) and are always shown in WIB.
import type { Language } from "./bindings";

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

export function formatWib(stored: string, language: Language): string {
  const date = new Date(stored);
  if (Number.isNaN(date.getTime())) return stored;
  const text = new Intl.DateTimeFormat(locales[language], {
    timeZone: "Asia/Jakarta",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
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
