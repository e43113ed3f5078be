// The fixed choices of the complaint inbox, in the order the forms show them.
import type { Channel, ComplaintKind, ComplaintStatus, ReplyKind } from "./bindings";

export const CHANNELS: Channel[] = [
  "instagram_komentar",
  "instagram_dm",
  "facebook_komentar",
  "facebook_messenger",
  "whatsapp",
  "telepon",
  "datang_langsung",
  "sp4n_lapor",
];

export const KINDS: ComplaintKind[] = ["pengaduan", "aspirasi", "permintaan_informasi"];

export const STATUSES: ComplaintStatus[] = [
  "baru",
  "diverifikasi",
  "ditindaklanjuti",
  "selesai",
  "diteruskan",
  "ditunda",
  "diarsipkan",
  "bukan_wewenang",
];

export const REPLY_KINDS: ReplyKind[] = ["publik", "pribadi", "luring"];

/** Steps that must say why (the core refuses them without a reason). */
export function needsReason(to: ComplaintStatus): boolean {
  return to === "ditunda" || to === "diarsipkan" || to === "bukan_wewenang";
}
