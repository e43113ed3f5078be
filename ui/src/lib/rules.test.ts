import { describe, expect, it } from "vitest";
import {
  canPublish,
  canSchedule,
  captionCount,
  captionLimit,
  isClosedComplaint,
  isOpenSlot,
  keepsReason,
  needsForwardedTo,
  needsReason,
  RULES,
} from "./rules";
import { CHANNELS, KINDS, REPLY_KINDS, STATUSES } from "./complaints";
import type { ComplaintStatus, SlotStatus, Status } from "./bindings";

// The values the UI hard-coded before it took them from core: the screens must behave the same.
describe("caption limits come from core", () => {
  it("are Instagram's 2,200 and Facebook's 63,206 characters", () => {
    expect(captionLimit("instagram")).toBe(2200);
    expect(captionLimit("facebook")).toBe(63206);
  });

  it("the counter shows count and limit in the admin's language", () => {
    expect(captionCount("instagram", "Halo 👋", "id")).toEqual({ count: "6", max: "2.200" });
    expect(captionCount("facebook", "x".repeat(1234), "id")).toEqual({ count: "1.234", max: "63.206" });
    expect(captionCount("facebook", "", "en")).toEqual({ count: "0", max: "63,206" });
  });

  it("the carousel holds 10 photos and the hashtag setting goes from 1 to 30", () => {
    expect(RULES.limits.instagram.carousel_items).toBe(10);
    expect(RULES.hashtag_limit).toEqual({ min: 1, max: 30 });
    expect(RULES.weekly_target).toEqual({ min: 0, max: 14 });
    expect(RULES.reminder_lead_minutes).toEqual({ min: 0, max: 1440 });
  });
});

describe("statuses come from core", () => {
  const slotStatuses: SlotStatus[] = ["terjadwal", "terbit", "terlewat", "dibatalkan"];
  const complaintStatuses: ComplaintStatus[] = [
    "baru",
    "diverifikasi",
    "ditindaklanjuti",
    "selesai",
    "diteruskan",
    "ditunda",
    "diarsipkan",
    "bukan_wewenang",
  ];

  it("only approved or scheduled drafts can be scheduled", () => {
    const draftStatuses: Status[] = ["draf", "menunggu_persetujuan", "disetujui", "terjadwal", "terbit", "arsip"];
    expect(RULES.draft_statuses).toEqual(draftStatuses);
    expect(draftStatuses.filter(canSchedule)).toEqual(["disetujui", "terjadwal"]);
    expect(draftStatuses.filter(canPublish)).toEqual(["disetujui", "terjadwal", "terbit"]);
  });

  it("only scheduled or missed slots can move", () => {
    expect(slotStatuses.filter(isOpenSlot)).toEqual(["terjadwal", "terlewat"]);
  });

  it("ditunda, diarsipkan and bukan wewenang need a reason; diteruskan asks for one and a PD", () => {
    expect(STATUSES).toEqual(complaintStatuses);
    expect(complaintStatuses.filter(needsReason)).toEqual(["ditunda", "diarsipkan", "bukan_wewenang"]);
    expect(complaintStatuses.filter(keepsReason)).toEqual(["diteruskan", "ditunda", "diarsipkan", "bukan_wewenang"]);
    expect(complaintStatuses.filter(needsForwardedTo)).toEqual(["diteruskan"]);
  });

  it("selesai, diteruskan, diarsipkan and bukan wewenang are closed", () => {
    expect(complaintStatuses.filter(isClosedComplaint)).toEqual(["selesai", "diteruskan", "diarsipkan", "bukan_wewenang"]);
  });

  it("the complaint forms list their choices in the same order as before", () => {
    expect(CHANNELS).toEqual([
      "instagram_komentar",
      "instagram_dm",
      "facebook_komentar",
      "facebook_messenger",
      "whatsapp",
      "telepon",
      "datang_langsung",
      "sp4n_lapor",
    ]);
    expect(KINDS).toEqual(["pengaduan", "aspirasi", "permintaan_informasi"]);
    expect(REPLY_KINDS).toEqual(["publik", "pribadi", "luring"]);
  });
  it("retention and deadline inputs take core's bounds (1-30 years; 1 to 30/60/90 working days and 365 calendar days)", () => {
    expect(RULES.retention_years).toEqual({ min: 1, max: 30 });
    expect(RULES.deadline_max_days).toEqual({
      first_response_days: 30,
      verification_days: 60,
      follow_up_days: 90,
      resolution_days: 365,
    });
  });
});
