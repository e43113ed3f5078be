// Generated from the Rust IPC types by ts-rs. Do not edit by hand:
// run `cargo xtask bindings` after changing a type.

export type ErrorPayload = { code: string, message: string, };

export type Language = "id" | "en";

export type AgencyProfile = { 
/**
 * Full agency name, e.g. "Dinas Komunikasi, Informatika dan Persandian".
 */
name: string, 
/**
 * Short code Diskominfo knows the agency by, e.g. "DISKOMINFO".
 */
code: string, address: string, 
/**
 * The admin who runs the agency's accounts.
 */
admin_name: string, updated_at: string, };

export type ProfileInput = { name: string, code: string, address: string, admin_name: string, };

export type Draft = { id: number, title: string, body: string, created_at: string, updated_at: string, };

export type DraftSummary = { id: number, title: string, excerpt: string, updated_at: string, };

export type DraftInput = { title: string, body: string, };

export type AppStatus = { 
/**
 * Set when the store could not be opened; the window then explains why.
 */
store_error: ErrorPayload | null, store_path: string, 
/**
 * `None` until the first-run form is saved.
 */
profile: AgencyProfile | null, language: Language, draft_count: number, };
