// The fixed choices of the complaint inbox, in the order the forms show them: core's lists,
// from the generated `RULES`.
import type { Channel, ComplaintKind, ComplaintStatus, ReplyKind } from "./bindings";
import { RULES } from "./rules";

export const CHANNELS: readonly Channel[] = RULES.channels;

export const KINDS: readonly ComplaintKind[] = RULES.complaint_kinds;

export const STATUSES: readonly ComplaintStatus[] = RULES.complaint_statuses;

export const REPLY_KINDS: readonly ReplyKind[] = RULES.reply_kinds;
