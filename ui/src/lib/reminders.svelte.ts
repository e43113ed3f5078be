// The in-app reminder timer (the notification plugin cannot schedule on desktop). Every
// REMINDER_POLL_MS, and once the first screen is usable, it asks Rust for what is due (the lead time is a
// setting in the store); Rust raises the desktop
// notifications, and this list is what Beranda shows, so nothing depends on the daemon.
import { api } from "./api";
import { refreshUpdate } from "./updates.svelte";
import { afterStartup } from "./startup";
import type { ErrorPayload, OverdueReminder, Reminder, ReminderKind } from "./bindings";

export const REMINDER_POLL_MS = 30_000;

export const reminders = $state<{
  due: Reminder[];
  overdue: OverdueReminder[];
  /** All overdue complaints; `overdue` holds the 50 most overdue. */
  overdueTotal: number;
  /** The overdue complaints have been asked for at least once (answered or failed). */
  overdueLoaded: boolean;
  error: ErrorPayload | null;
}>({
  due: [],
  overdue: [],
  overdueTotal: 0,
  overdueLoaded: false,
  error: null,
});

/** Complaints past a deadline; they stay listed until the deadline is met or the case closes. */
export async function refreshComplaintReminders(): Promise<void> {
  try {
    reminders.overdue = await api.complaintReminders();
    reminders.overdueTotal =
      reminders.overdue.length >= 50 ? await api.complaintOverdueCount() : reminders.overdue.length;
  } catch (e) {
    reminders.error = e as ErrorPayload;
  } finally {
    reminders.overdueLoaded = true;
  }
}

export async function refreshReminders(): Promise<void> {
  try {
    reminders.due = await api.remindersDue();
    reminders.error = null;
  } catch (e) {
    reminders.error = e as ErrorPayload;
  }
}

export async function dismissReminder(slotId: number, kind: ReminderKind): Promise<void> {
  try {
    await api.reminderDismiss(slotId, kind);
    reminders.due = reminders.due.filter((r) => !(r.slot_id === slotId && r.kind === kind));
  } catch (e) {
    reminders.error = e as ErrorPayload;
  }
}

/** Starts the timer; answers with the function that stops it. Its first round waits until
 * the first screen is usable: Beranda reads the same lists as it is drawn, and the calls
 * would only compete with it. */
export function startReminderTimer(): () => void {
  const tick = () => {
    void refreshReminders();
    void refreshComplaintReminders();
    void refreshUpdate();
  };
  afterStartup(tick);
  const timer = setInterval(tick, REMINDER_POLL_MS);
  return () => clearInterval(timer);
}
