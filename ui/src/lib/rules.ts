// Core's rules as the UI asks them. The values come from `RULES` in bindings.ts, generated
// from the Rust rules (medsos_core::ui_rules, medsos_rules::limits); nothing here repeats
// a number or a status list of its own.
import { RULES, type ComplaintStatus, type Language, type Platform, type SlotStatus, type Status } from "./bindings";
import { charCount } from "./format";

export { RULES };

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

/** The longest caption `platform` accepts, in characters. */
export function captionLimit(platform: Platform): number {
  return RULES.limits[platform].caption_chars;
}

/** The caption counter's numbers, written the admin's way ("2.200" in Indonesian). */
export function captionCount(platform: Platform, text: string, language: Language): { count: string; max: string } {
  const locale = locales[language];
  return { count: charCount(text).toLocaleString(locale), max: captionLimit(platform).toLocaleString(locale) };
}

/** A draft in this status can get (another) slot on the calendar. */
export function canSchedule(status: Status): boolean {
  return RULES.schedulable_draft_statuses.includes(status);
}

/** A draft in this status can be marked published. */
export function canPublish(status: Status): boolean {
  return RULES.publishable_draft_statuses.includes(status);
}

/** A slot in this status can still be moved, cancelled or marked published. */
export function isOpenSlot(status: SlotStatus): boolean {
  return RULES.open_slot_statuses.includes(status);
}

/** Steps that must say why (the core refuses them without a reason). */
export function needsReason(to: ComplaintStatus): boolean {
  return RULES.statuses_needing_reason.includes(to);
}

/** Steps whose form asks for a reason: those that need one, and diteruskan (why there). */
export function keepsReason(to: ComplaintStatus): boolean {
  return RULES.statuses_keeping_reason.includes(to);
}

/** Steps that must name the PD taking the complaint over. */
export function needsForwardedTo(to: ComplaintStatus): boolean {
  return RULES.statuses_needing_forwarded_to.includes(to);
}

/** A complaint in this status is closed for good and offers no more edits. */
export function isClosedComplaint(status: ComplaintStatus): boolean {
  return RULES.closed_complaint_statuses.includes(status);
}
