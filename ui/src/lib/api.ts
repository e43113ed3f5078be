// Typed wrappers over the IPC commands. Every failure arrives as an ErrorPayload.
import { invoke } from "@tauri-apps/api/core";
import type {
  AgencyProfile,
  AppStatus,
  Draft,
  DraftInput,
  DraftSummary,
  ErrorPayload,
  Language,
  ProfileInput,
} from "./bindings";

/** Turns anything thrown by `invoke` into the `{code, message}` shape. */
export function asErrorPayload(error: unknown): ErrorPayload {
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    const { code, message } = error as { code: unknown; message: unknown };
    return { code: String(code), message: String(message) };
  }
  return { code: "ipc", message: String(error) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asErrorPayload(error);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  storeReopen: () => call<AppStatus>("store_reopen"),
  profileSave: (input: ProfileInput) => call<AgencyProfile>("profile_save", { input }),
  languageSet: (language: Language) => call<void>("language_set", { language }),
  draftsList: (limit: number, offset: number) =>
    call<DraftSummary[]>("drafts_list", { limit, offset }),
  draftGet: (id: number) => call<Draft>("draft_get", { id }),
  draftCreate: (input: DraftInput) => call<Draft>("draft_create", { input }),
  draftUpdate: (id: number, input: DraftInput) => call<Draft>("draft_update", { id, input }),
};
