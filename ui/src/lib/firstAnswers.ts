// The window's first questions to the store, asked before the rest of its code runs:
// main.ts imports this module first, so the app's status and Beranda's lists travel to the
// store and back while Svelte and the screens are evaluated and the first screen is built.
import { api } from "./api";
import type { AppStatus } from "./bindings";
import { prefetchBeranda } from "./beranda";

let status: Promise<AppStatus> | null = api.appStatus();
// Awaited later (App.load), where a failure is shown; not an unhandled rejection meanwhile.
status.catch(() => {});
let beranda: Promise<unknown> | null = prefetchBeranda();

/** The status asked for at start, once; null afterwards (ask afresh). */
export function takeFirstStatus(): Promise<AppStatus> | null {
  const taken = status;
  status = null;
  return taken;
}

/** Beranda's lists asked for at start, once, to wait for before the first screen is drawn
 * (Beranda itself takes the data with `takePrefetchedBeranda`); null afterwards. */
export function takeFirstBeranda(): Promise<unknown> | null {
  const taken = beranda;
  beranda = null;
  return taken;
}
