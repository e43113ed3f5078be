//! The rules the UI needs to draw its screens the way core will judge them: the platforms'
//! limits (from `medsos_rules`), which statuses ask for a reason, which slots can still
//! move, the bounds of the settings, and the fixed choices in the order the forms show them.
//!
//! Every value is taken from the function or constant core's own checks use, so the UI
//! never keeps a copy: src-tauri/src/bindings.rs writes [`ui_rules`] into
//! `ui/src/lib/bindings.ts` as the `RULES` constant, and a test fails when it is stale.

use crate::calendar::{SlotStatus, MAX_LEAD_MINUTES, MAX_WEEKLY_TARGET};
use crate::complaints::privacy::RETENTION_YEARS;
use crate::complaints::{Channel, ComplaintKind, ComplaintStatus, DeadlineRule, ReplyKind};
use crate::drafts::Status;
use crate::settings::{MAX_HASHTAG_LIMIT, MIN_HASHTAG_LIMIT};
use medsos_rules::limits::LIMITS;
pub use medsos_rules::limits::{FacebookLimits, ImageLimits, InstagramLimits, Limits};
use serde::Serialize;
use ts_rs::TS;

/// The smallest and largest value a number setting accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Bounds {
    pub min: u32,
    pub max: u32,
}

/// See the module documentation; `RULES` in the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UiRules {
    /// What each platform accepts in one post: `limits[platform].caption_chars` is the
    /// caption counter's maximum.
    pub limits: Limits,
    /// Draft statuses from which a draft can get a slot ([`Status::can_schedule`]).
    pub schedulable_draft_statuses: Vec<Status>,
    /// Draft statuses from which a draft can be marked published ([`Status::can_publish`]).
    pub publishable_draft_statuses: Vec<Status>,
    /// Slot statuses that can still be moved, cancelled or marked published
    /// ([`SlotStatus::is_open`]).
    pub open_slot_statuses: Vec<SlotStatus>,
    /// Complaint steps refused without a reason ([`ComplaintStatus::needs_reason`]).
    pub statuses_needing_reason: Vec<ComplaintStatus>,
    /// Complaint steps that record a reason when one is given, so the form asks for one
    /// ([`ComplaintStatus::keeps_reason`]).
    pub statuses_keeping_reason: Vec<ComplaintStatus>,
    /// Complaint steps refused without the PD that takes over
    /// ([`ComplaintStatus::needs_forwarded_to`]).
    pub statuses_needing_forwarded_to: Vec<ComplaintStatus>,
    /// Complaint statuses that are final ([`ComplaintStatus::is_closed`]).
    pub closed_complaint_statuses: Vec<ComplaintStatus>,
    /// Hashtags per Instagram post before a warning (Pengaturan › Konten).
    pub hashtag_limit: Bounds,
    /// Posts per week per platform (Pengaturan › Kalender).
    pub weekly_target: Bounds,
    /// Minutes before a slot its reminder falls due (Pengaturan › Kalender).
    pub reminder_lead_minutes: Bounds,
    /// Years of retention a PD may choose (Pengaturan › Aduan).
    pub retention_years: Bounds,
    /// The most days each deadline step may take (working days for the first three steps,
    /// calendar days for resolution); every step takes at least 1
    /// (Pengaturan › Aduan, tenggat).
    pub deadline_max_days: DeadlineRule,
    /// Every draft status, in workflow order (the Konten filter).
    pub draft_statuses: Vec<Status>,
    /// Every complaint status, in workflow order (the Aduan filter).
    pub complaint_statuses: Vec<ComplaintStatus>,
    /// Every channel a complaint arrives by, in the order the forms list them.
    pub channels: Vec<Channel>,
    /// Every complaint kind, in the order the forms list them.
    pub complaint_kinds: Vec<ComplaintKind>,
    /// Every way a reply is given, in the order the form lists them.
    pub reply_kinds: Vec<ReplyKind>,
}

fn those<T: Copy>(all: &[T], rule: impl Fn(T) -> bool) -> Vec<T> {
    all.iter().copied().filter(|&x| rule(x)).collect()
}

/// The rules as core applies them today.
pub fn ui_rules() -> UiRules {
    UiRules {
        limits: LIMITS,
        schedulable_draft_statuses: those(&Status::ALL, Status::can_schedule),
        publishable_draft_statuses: those(&Status::ALL, Status::can_publish),
        open_slot_statuses: those(&SlotStatus::ALL, SlotStatus::is_open),
        statuses_needing_reason: those(&ComplaintStatus::ALL, ComplaintStatus::needs_reason),
        statuses_keeping_reason: those(&ComplaintStatus::ALL, ComplaintStatus::keeps_reason),
        statuses_needing_forwarded_to: those(
            &ComplaintStatus::ALL,
            ComplaintStatus::needs_forwarded_to,
        ),
        closed_complaint_statuses: those(&ComplaintStatus::ALL, ComplaintStatus::is_closed),
        hashtag_limit: Bounds {
            min: MIN_HASHTAG_LIMIT,
            max: MAX_HASHTAG_LIMIT,
        },
        weekly_target: Bounds {
            min: 0,
            max: MAX_WEEKLY_TARGET,
        },
        reminder_lead_minutes: Bounds {
            min: 0,
            max: MAX_LEAD_MINUTES,
        },
        retention_years: Bounds {
            min: *RETENTION_YEARS.start(),
            max: *RETENTION_YEARS.end(),
        },
        deadline_max_days: DeadlineRule::MAX_DAYS,
        draft_statuses: Status::ALL.to_vec(),
        complaint_statuses: ComplaintStatus::ALL.to_vec(),
        channels: Channel::ALL.to_vec(),
        complaint_kinds: ComplaintKind::ALL.to_vec(),
        reply_kinds: ReplyKind::ALL.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses_are_the_ones_cores_checks_use() {
        let rules = ui_rules();
        assert_eq!(
            rules.schedulable_draft_statuses,
            [Status::Disetujui, Status::Terjadwal]
        );
        assert_eq!(
            rules.publishable_draft_statuses,
            [Status::Disetujui, Status::Terjadwal, Status::Terbit]
        );
        assert_eq!(
            rules.open_slot_statuses,
            [SlotStatus::Terjadwal, SlotStatus::Terlewat]
        );
        assert_eq!(
            rules.statuses_needing_reason,
            [
                ComplaintStatus::Ditunda,
                ComplaintStatus::Diarsipkan,
                ComplaintStatus::BukanWewenang
            ]
        );
        assert_eq!(
            rules.statuses_keeping_reason,
            [
                ComplaintStatus::Diteruskan,
                ComplaintStatus::Ditunda,
                ComplaintStatus::Diarsipkan,
                ComplaintStatus::BukanWewenang
            ]
        );
        assert_eq!(
            rules.statuses_needing_forwarded_to,
            [ComplaintStatus::Diteruskan]
        );
        assert_eq!(
            rules.closed_complaint_statuses,
            [
                ComplaintStatus::Selesai,
                ComplaintStatus::Diteruskan,
                ComplaintStatus::Diarsipkan,
                ComplaintStatus::BukanWewenang
            ]
        );
    }

    #[test]
    fn every_step_that_needs_a_reason_keeps_it_and_none_stays_open() {
        for s in ComplaintStatus::ALL {
            if s.needs_reason() || s.needs_forwarded_to() {
                assert!(s.keeps_reason(), "{s:?}");
                assert!(!s.is_open(), "{s:?}");
            }
        }
    }

    #[test]
    fn serialises_with_the_names_the_ui_reads() {
        let json = serde_json::to_value(ui_rules()).expect("serialises");
        assert_eq!(json["limits"]["instagram"]["caption_chars"], json!(2200));
        assert_eq!(json["limits"]["facebook"]["caption_chars"], json!(63206));
        assert_eq!(json["limits"]["instagram"]["carousel_items"], json!(10));
        assert_eq!(
            json["statuses_needing_reason"],
            json!(["ditunda", "diarsipkan", "bukan_wewenang"])
        );
        assert_eq!(json["open_slot_statuses"], json!(["terjadwal", "terlewat"]));
        assert_eq!(json["hashtag_limit"], json!({ "min": 1, "max": 30 }));
        assert_eq!(json["weekly_target"], json!({ "min": 0, "max": 14 }));
        assert_eq!(
            json["reminder_lead_minutes"],
            json!({ "min": 0, "max": 1440 })
        );
        assert_eq!(json["channels"][0], json!("instagram_komentar"));
    }
}
