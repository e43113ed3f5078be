//! Status aduan: the statuses of the SP4N-LAPOR! workflow and the steps allowed between
//! them. Taking a step and recording it is in `status.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// baru -> diverifikasi -> ditindaklanjuti -> selesai, plus diteruskan, ditunda,
/// diarsipkan and bukan wewenang from any open status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Baru,
    Diverifikasi,
    Ditindaklanjuti,
    Selesai,
    Diteruskan,
    Ditunda,
    Diarsipkan,
    BukanWewenang,
}

impl ComplaintStatus {
    pub const ALL: [ComplaintStatus; 8] = [
        ComplaintStatus::Baru,
        ComplaintStatus::Diverifikasi,
        ComplaintStatus::Ditindaklanjuti,
        ComplaintStatus::Selesai,
        ComplaintStatus::Diteruskan,
        ComplaintStatus::Ditunda,
        ComplaintStatus::Diarsipkan,
        ComplaintStatus::BukanWewenang,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Baru => "baru",
            ComplaintStatus::Diverifikasi => "diverifikasi",
            ComplaintStatus::Ditindaklanjuti => "ditindaklanjuti",
            ComplaintStatus::Selesai => "selesai",
            ComplaintStatus::Diteruskan => "diteruskan",
            ComplaintStatus::Ditunda => "ditunda",
            ComplaintStatus::Diarsipkan => "diarsipkan",
            ComplaintStatus::BukanWewenang => "bukan_wewenang",
        }
    }

    pub fn parse(text: &str) -> Option<ComplaintStatus> {
        ComplaintStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// The label an admin reads.
    pub fn label(self) -> &'static str {
        match self {
            ComplaintStatus::Baru => "Baru",
            ComplaintStatus::Diverifikasi => "Diverifikasi",
            ComplaintStatus::Ditindaklanjuti => "Ditindaklanjuti",
            ComplaintStatus::Selesai => "Selesai",
            ComplaintStatus::Diteruskan => "Diteruskan",
            ComplaintStatus::Ditunda => "Ditunda",
            ComplaintStatus::Diarsipkan => "Diarsipkan",
            ComplaintStatus::BukanWewenang => "Bukan wewenang",
        }
    }

    /// Still the agency's to handle; only these have deadlines running.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ComplaintStatus::Baru
                | ComplaintStatus::Diverifikasi
                | ComplaintStatus::Ditindaklanjuti
        )
    }

    /// Out of the agency's hands for good; retention counts from reaching one of these.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            ComplaintStatus::Selesai
                | ComplaintStatus::Diteruskan
                | ComplaintStatus::Diarsipkan
                | ComplaintStatus::BukanWewenang
        )
    }

    /// The steps that exist from this status. From ditunda, `paused_from` is the way back
    /// ("lanjutkan"). Closed complaints stay closed: a citizen who writes again is a new
    /// complaint, so the record of what was decided is never rewritten.
    pub fn next(self, paused_from: Option<ComplaintStatus>) -> Vec<ComplaintStatus> {
        use ComplaintStatus::*;
        let side = [Diteruskan, Ditunda, Diarsipkan, BukanWewenang];
        match self {
            Baru => [Diverifikasi].into_iter().chain(side).collect(),
            Diverifikasi => [Ditindaklanjuti].into_iter().chain(side).collect(),
            Ditindaklanjuti => [Selesai].into_iter().chain(side).collect(),
            Ditunda => paused_from
                .filter(|s| s.is_open())
                .into_iter()
                .chain([Diarsipkan])
                .collect(),
            Selesai | Diteruskan | Diarsipkan | BukanWewenang => Vec::new(),
        }
    }

    /// Steps that must say why: the citizen will ask, and "ditunda" must say until when.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            ComplaintStatus::Ditunda | ComplaintStatus::Diarsipkan | ComplaintStatus::BukanWewenang
        )
    }

    /// Steps that must name the PD that takes the complaint over: diteruskan.
    pub fn needs_forwarded_to(self) -> bool {
        self == ComplaintStatus::Diteruskan
    }

    /// Steps that record a reason when one is given: those that need one, and diteruskan
    /// (why it went to that PD).
    pub fn keeps_reason(self) -> bool {
        self.needs_reason() || self.needs_forwarded_to()
    }
}

pub(crate) fn status_from_sql(text: String) -> rusqlite::Result<ComplaintStatus> {
    ComplaintStatus::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown complaint status {text}").into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_exits_that_close_or_pause_ask_for_a_reason_and_diteruskan_for_a_pd() {
        use ComplaintStatus::*;
        let needing: Vec<_> = ComplaintStatus::ALL
            .into_iter()
            .filter(|s| s.needs_reason())
            .collect();
        assert_eq!(needing, [Ditunda, Diarsipkan, BukanWewenang]);
        let forwarding: Vec<_> = ComplaintStatus::ALL
            .into_iter()
            .filter(|s| s.needs_forwarded_to())
            .collect();
        assert_eq!(forwarding, [Diteruskan]);
        for s in ComplaintStatus::ALL {
            assert_eq!(
                s.keeps_reason(),
                s.needs_reason() || s.needs_forwarded_to(),
                "{s:?}"
            );
            // Only side exits ask: the main line moves with one click.
            if s.keeps_reason() {
                assert!(!s.is_open() && s != Selesai, "{s:?}");
            }
        }
    }
}
