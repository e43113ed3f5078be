// The PC's platform on the page, as data-platform ("windows" or "other"), before the first
// screen is drawn: app.css names Segoe UI and Consolas on Windows only. Elsewhere the page
// asks for the generic families, which the desktop maps to its own fonts without a lookup
// of fonts the PC does not have.
export function platformOf(userAgent: string): "windows" | "other" {
  return /Windows/.test(userAgent) ? "windows" : "other";
}

export function markPlatform() {
  document.documentElement.dataset.platform = platformOf(navigator.userAgent);
}
