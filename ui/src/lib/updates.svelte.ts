// The update the enrolled hub offers (checked in Rust after each sync) and whether a draft
// has text not yet saved: an update is never installed while it does.
import { api } from "./api";
import type { ErrorPayload, UpdateOffer } from "./bindings";

export const editing = $state<{ unsaved: boolean }>({ unsaved: false });

export const updates = $state<{
  offer: UpdateOffer | null;
  busy: boolean;
  message: string | null;
  error: ErrorPayload | null;
}>({ offer: null, busy: false, message: null, error: null });

/** Asks Rust what the last check found (cheap: no request to the hub). */
export async function refreshUpdate(): Promise<void> {
  try {
    const offer = await api.updateOffer();
    // What was said about another version no longer applies.
    if (offer?.version !== updates.offer?.version) {
      updates.message = null;
      updates.error = null;
    }
    updates.offer = offer;
  } catch {
    // The banner simply stays as it was; the next tick asks again.
  }
}

/** Downloads, verifies and installs the offered update, at the admin's click. */
export async function installUpdate(): Promise<void> {
  if (editing.unsaved || updates.busy) return;
  updates.busy = true;
  updates.message = null;
  updates.error = null;
  try {
    const outcome = await api.updateInstall();
    updates.message = outcome.message;
  } catch (e) {
    updates.error = e as ErrorPayload;
  } finally {
    updates.busy = false;
  }
}
