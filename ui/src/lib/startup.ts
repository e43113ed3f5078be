import { api } from "./api";

const sent = new Set<string>();
let settled = false;
const waiting: (() => void)[] = [];

/** Runs `task` once the window's first screen is usable (Beranda painted with its lists),
 * or at once when it already is: the work that can wait (the store's quick check, the other
 * screens' code) stays out of the way of the first screen. */
export function afterStartup(task: () => void) {
  if (settled) task();
  else waiting.push(task);
}

/** The first screen is usable, or will not say so: a screen other than Beranda came first,
 * or the window sits hidden in the tray and paints no frame. */
export function settleStartup() {
  if (settled) return;
  settled = true;
  for (const task of waiting.splice(0)) task();
}

/** Settles the start-up after `ms` at the latest. */
export function settleStartupWithin(ms: number) {
  setTimeout(settleStartup, ms);
}

/** Tells the app, once per run, that the screen just rendered has been painted: the
 * start-up benchmark (`cargo xtask bench-window`) times the window by these marks. The app
 * writes them only when asked to (MEDSOS_STARTUP_TRACE); otherwise the call does nothing.
 * "first-run-ready": the first-run form has been painted (tests/tests/gambar.rs waits for it).
 * "beranda-ready" also settles the start-up. */
export function markAfterPaint(what: "beranda-frame" | "beranda-ready" | "first-run-ready") {
  if (sent.has(what)) return;
  sent.add(what);
  // A task queued from the frame callback runs once that frame has been painted.
  requestAnimationFrame(() =>
    setTimeout(() => {
      void api.startupMark(what).catch(() => {});
      if (what === "beranda-ready") settleStartup();
    }, 0),
  );
}
