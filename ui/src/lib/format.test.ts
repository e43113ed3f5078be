import { describe, expect, it } from "vitest";
import { charCount, formatWib, wibHour } from "./format";
import { fieldOf, messageFor } from "./errors";

describe("time shown in WIB", () => {
  it("shows a UTC instant late in the evening as the next day in WIB", () => {
    expect(formatWib("2026-11-26T17:30:00Z", "id")).toContain("27 Nov 2026");
    expect(formatWib("2026-11-26T17:30:00Z", "id")).toMatch(/00[.:]30 WIB$/);
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
