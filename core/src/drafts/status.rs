//! Status draf: the approval workflow a draft goes through before and after posting.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// draf -> menunggu persetujuan -> disetujui -> terjadwal -> terbit, plus arsip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draf,
    MenungguPersetujuan,
    Disetujui,
    Terjadwal,
    Terbit,
    Arsip,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draf,
        Status::MenungguPersetujuan,
        Status::Disetujui,
        Status::Terjadwal,
        Status::Terbit,
        Status::Arsip,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draf => "draf",
            Status::MenungguPersetujuan => "menunggu_persetujuan",
            Status::Disetujui => "disetujui",
            Status::Terjadwal => "terjadwal",
            Status::Terbit => "terbit",
            Status::Arsip => "arsip",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The label an admin reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draf => "Draf",
            Status::MenungguPersetujuan => "Menunggu persetujuan",
            Status::Disetujui => "Disetujui",
            Status::Terjadwal => "Terjadwal",
            Status::Terbit => "Terbit",
            Status::Arsip => "Arsip",
        }
    }

    /// The only steps that exist from this status; the UI offers exactly these.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::Draf => &[Status::MenungguPersetujuan, Status::Arsip],
            Status::MenungguPersetujuan => &[Status::Disetujui, Status::Draf],
            Status::Disetujui => &[Status::Terjadwal, Status::Draf, Status::Arsip],
            Status::Terjadwal => &[Status::Terbit, Status::Disetujui],
            Status::Terbit => &[Status::Arsip],
            Status::Arsip => &[Status::Draf],
        }
    }

    /// Only an approved draft (or one already on the calendar) can get a slot.
    pub fn can_schedule(self) -> bool {
        matches!(self, Status::Disetujui | Status::Terjadwal)
    }

    /// An approved draft can be marked published (its slot, or one recorded for now); a
    /// published one too, for the slot of its other platform.
    pub fn can_publish(self) -> bool {
        self.can_schedule() || self == Status::Terbit
    }

    /// Text can change only before approval; an approved text is what was approved.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draf | Status::MenungguPersetujuan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_approval_leads_to_scheduling_and_only_scheduling_to_publishing() {
        for s in Status::ALL {
            if s.next().contains(&Status::Terjadwal) {
                assert_eq!(s, Status::Disetujui);
            }
            if s.next().contains(&Status::Terbit) {
                assert_eq!(s, Status::Terjadwal);
            }
            assert!(!s.next().contains(&s), "{s:?} loops to itself");
        }
    }

    #[test]
    fn only_approved_or_scheduled_drafts_can_get_a_slot() {
        for s in Status::ALL {
            // A slot makes the draft terjadwal: the steps that lead there, and more slots.
            let expected = s.next().contains(&Status::Terjadwal) || s == Status::Terjadwal;
            assert_eq!(s.can_schedule(), expected, "{s:?}");
        }
    }

    #[test]
    fn approved_scheduled_and_published_drafts_can_be_marked_published() {
        let publishable: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.can_publish())
            .collect();
        assert_eq!(
            publishable,
            [Status::Disetujui, Status::Terjadwal, Status::Terbit]
        );
    }

    #[test]
    fn status_text_round_trips() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("published"), None);
    }
}
