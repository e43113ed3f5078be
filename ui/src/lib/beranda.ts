// Beranda's data, asked for all at once. At start the window asks for it as soon as its
// script runs, beside the app's status, and draws Beranda once both have answered: one
// frame with every list in place instead of an empty frame and then a full one (each frame
// of the whole window costs tens of milliseconds on an office PC without a graphics card).
import { api } from "./api";
import type { BackupOverview, DraftSummary, ErrorPayload, FirstWeek, LocalBrief, MetaOverview, OverdueReminder, Reminder, WeekProgress } from "./bindings";

export type Settled<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error: error as ErrorPayload }),
  );
}

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

/** Every list Beranda shows; never fails (each answer says whether it was had). */
export async function fetchBeranda(): Promise<BerandaData> {
  const [backup, meta, briefs, week, recent, due, overdue, firstWeek] = await Promise.all([
    settle(api.backupOverview()),
    settle(api.metaOverview()),
    settle(api.briefsList()),
    settle(api.weekProgress()),
    settle(api.draftsList({ query: null, status: null, platform: null, programme_id: null, from: null, to: null }, 5, 0)),
    settle(api.remindersDue()),
    settle(
      api.complaintReminders().then(async (list) => ({
        list,
        total: list.length >= 50 ? await api.complaintOverdueCount() : list.length,
      })),
    ),
    settle(api.firstWeek()),
  ]);
  return { backup, meta, briefs, week, recent, due, overdue, firstWeek };
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
