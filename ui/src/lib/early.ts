// The requests index.html makes before this script arrives (the app's status and Beranda's
// lists). Each is taken once: later calls ask afresh.
import type { AppStatus } from "./bindings";
import type { BerandaData } from "./beranda";

interface Early {
  status?: Promise<AppStatus>;
  beranda?: Promise<BerandaData>;
}

declare global {
  interface Window {
    __medsosEarly?: Early;
  }
}

/** The request index.html made for `what`, once; undefined when there is none (any later
 * call, or a page without the early requests). */
export function takeEarly<K extends keyof Early>(what: K): Early[K] | undefined {
  const early = window.__medsosEarly;
  if (!early) return undefined;
  const taken = early[what];
  early[what] = undefined;
  return taken;
}
