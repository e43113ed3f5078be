import { describe, expect, it } from "vitest";
import { charCount, formatDay, formatWib, wibHour } from "./format";
import { fieldOf, messageFor } from "./errors";

describe("time shown in WIB", () => {
  it("shows a UTC instant late in the evening as the next day in WIB", () => {
    expect(formatWib("2026-11-26T17:30:00Z", "id")).toContain("27 Nov 2026");
    expect(formatWib("2026-11-26T17:30:00Z", "id")).toMatch(/00[.:]30 WIB$/);
  });

  it("writes dates exactly as the platform's formatter does, in both languages", () => {
    const intl = {
      id: "id-ID",
      en: "en-GB",
    } as const;
    for (const language of ["id", "en"] as const) {
      const minute = new Intl.DateTimeFormat(intl[language], {
        timeZone: "Asia/Jakarta",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      });
      const day = new Intl.DateTimeFormat(intl[language], { timeZone: "UTC", day: "numeric", month: "short" });
      // Every month, early and late days, and hours on both sides of midnight in WIB.
      for (let month = 0; month < 12; month++) {
        for (const [date, hour, minutes] of [
          [1, 0, 0],
          [9, 16, 59],
          [28, 17, 0],
          [31, 23, 45],
        ]) {
          const instant = new Date(Date.UTC(2026, month, date, hour, minutes));
          expect(formatWib(instant.toISOString(), language)).toBe(`${minute.format(instant)} WIB`);
          const iso = `2026-${String(month + 1).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
          expect(formatDay(iso, language)).toBe(day.format(new Date(Date.UTC(2026, month, date, 12))));
        }
      }
    }
  });

  it("writes Indonesian and English dates and times as the admin reads them", () => {
    expect(formatWib("2026-12-01T12:06:00Z", "id")).toBe("1 Des 2026, 19.06 WIB");
    expect(formatWib("2026-09-30T18:00:00+00:00", "en")).toBe("1 Oct 2026, 01:00 WIB");
    expect(formatDay("2026-08-17", "id")).toBe("17 Agu");
    expect(formatDay("2026-08-17", "en")).toBe("17 Aug");
    expect(formatDay("17-08-2026", "id")).toBe("17-08-2026");
  });

  it("returns unparseable text unchanged instead of 'Invalid Date'", () => {
    expect(formatWib("bukan tanggal", "id")).toBe("bukan tanggal");
  });

  it("computes the WIB hour across midnight UTC", () => {
    expect(wibHour(new Date("2026-11-26T20:00:00Z"))).toBe(3);
  });
});

describe("text rules shared with the core", () => {
  it("counts emoji as one character like the core does", () => {
    expect(charCount("🎉🎉")).toBe(2);
    expect(charCount("Cianjur")).toBe(7);
  });

  it("routes invalid.<field> errors to their field", () => {
    const error = { code: "invalid.title", message: "Judul terlalu panjang" };
    expect(fieldOf(error)).toBe("title");
    expect(messageFor(error, "title")).toBe("Judul terlalu panjang");
    expect(messageFor(error, "body")).toBeNull();
    expect(fieldOf({ code: "database", message: "x" })).toBeNull();
  });
});
