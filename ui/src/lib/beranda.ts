// Beranda's data, asked for in one call. At start the window asks for it as soon as its
// script runs, beside the app's status, and draws Beranda once both have answered: one
// frame with every list in place instead of an empty frame and then a full one (each frame
// of the whole window costs tens of milliseconds on an office PC without a graphics card).
import { api } from "./api";
import type { BackupOverview, DraftSummary, ErrorPayload, FirstWeek, LocalBrief, MetaOverview, OverdueReminder, Reminder, WeekProgress } from "./bindings";

export type Settled<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export interface BerandaData {
  backup: Settled<BackupOverview>;
  meta: Settled<MetaOverview>;
  briefs: Settled<LocalBrief[]>;
  week: Settled<WeekProgress>;
  recent: Settled<DraftSummary[]>;
  due: Settled<Reminder[]>;
  /** The 50 most overdue complaints and how many there are in all. */
  overdue: Settled<{ list: OverdueReminder[]; total: number }>;
  firstWeek: Settled<FirstWeek>;
}

/** Every list Beranda shows, in one call (`beranda_read`: each list is answered on its own,
 * so one that fails does not hide the others); never fails. */
export async function fetchBeranda(): Promise<BerandaData> {
  try {
    return await api.berandaRead();
  } catch (e) {
    const error: Settled<never> = { ok: false, error: e as ErrorPayload };
    return { backup: error, meta: error, briefs: error, week: error, recent: error, due: error, overdue: error, firstWeek: error };
  }
}

let prefetched: Promise<BerandaData> | null = null;

/** Starts asking for Beranda's data now; the first Beranda drawn takes it. */
export function prefetchBeranda(): Promise<BerandaData> {
  prefetched = fetchBeranda();
  return prefetched;
}

/** The data asked for at start, once (later Berandas ask afresh); null when there is none. */
export function takePrefetchedBeranda(): Promise<BerandaData> | null {
  const taken = prefetched;
  prefetched = null;
  return taken;
}
