import { describe, expect, it } from "vitest";
import { platformOf } from "./platform";

describe("the platform on the page (fonts)", () => {
  it("knows WebView2 on Windows by its user agent", () => {
    const edge =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
    expect(platformOf(edge)).toBe("windows");
  });

  it("takes WebKitGTK on Linux for another platform", () => {
    const gtk = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15";
    expect(platformOf(gtk)).toBe("other");
  });
});
