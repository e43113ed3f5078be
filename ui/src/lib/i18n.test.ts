import { describe, expect, it } from "vitest";
import { dictionaries, translate } from "./i18n.svelte";

describe("i18n", () => {
  it("has every Indonesian key in English, none left empty", () => {
    const idKeys = Object.keys(dictionaries.id).sort();
    expect(Object.keys(dictionaries.en).sort()).toEqual(idKeys);
    for (const lang of ["id", "en"] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("id", "konten.chars", { count: "1.234" })).toBe("1.234 karakter");
    expect(translate("en", "konten.chars")).toBe("{count} characters");
  });

  it("speaks Indonesian for the navigation by default", () => {
    expect(translate("id", "nav.laporan")).toBe("Laporan & Sinkron");
    expect(translate("id", "nav.akun")).toBe("Akun Resmi");
  });
});
