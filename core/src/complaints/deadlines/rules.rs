//! The deadline rules: how many days each of the four steps may take, per kind of complaint
//! with an optional override per category. Pure: reading and writing them is
//! `stored.rs`.

use crate::complaints::kind::ComplaintKind;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// The four deadlines, in the order they normally fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The first answer to the citizen; met by the first logged reply.
    JawabanPertama,
    /// Met when the complaint reaches diverifikasi.
    Verifikasi,
    /// The follow-up plan; met when the complaint reaches ditindaklanjuti.
    TindakLanjut,
    /// Met when the complaint is selesai; counted in calendar days.
    Penyelesaian,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 4] = [
        DeadlineKind::JawabanPertama,
        DeadlineKind::Verifikasi,
        DeadlineKind::TindakLanjut,
        DeadlineKind::Penyelesaian,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::JawabanPertama => "jawaban_pertama",
            DeadlineKind::Verifikasi => "verifikasi",
            DeadlineKind::TindakLanjut => "tindak_lanjut",
            DeadlineKind::Penyelesaian => "penyelesaian",
        }
    }

    pub fn parse(text: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::JawabanPertama => "Jawaban pertama",
            DeadlineKind::Verifikasi => "Verifikasi",
            DeadlineKind::TindakLanjut => "Rencana tindak lanjut",
            DeadlineKind::Penyelesaian => "Penyelesaian",
        }
    }

    /// Only the resolution deadline is in calendar days.
    pub fn in_working_days(self) -> bool {
        self != DeadlineKind::Penyelesaian
    }
}

/// How long each step may take: working days for the first three, calendar days for
/// resolution (the SP4N-LAPOR! defaults are 1, 3, 5 and 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadlineRule {
    pub first_response_days: u32,
    pub verification_days: u32,
    pub follow_up_days: u32,
    pub resolution_days: u32,
}

impl Default for DeadlineRule {
    fn default() -> Self {
        DeadlineRule {
            first_response_days: 1,
            verification_days: 3,
            follow_up_days: 5,
            resolution_days: 60,
        }
    }
}

impl DeadlineRule {
    pub(crate) fn days(&self, kind: DeadlineKind) -> u32 {
        match kind {
            DeadlineKind::JawabanPertama => self.first_response_days,
            DeadlineKind::Verifikasi => self.verification_days,
            DeadlineKind::TindakLanjut => self.follow_up_days,
            DeadlineKind::Penyelesaian => self.resolution_days,
        }
    }

    pub(super) fn to_setting(self) -> String {
        format!(
            "{},{},{},{}",
            self.first_response_days,
            self.verification_days,
            self.follow_up_days,
            self.resolution_days
        )
    }

    pub(super) fn from_setting(text: &str) -> Option<DeadlineRule> {
        let parts: Vec<u32> = text
            .split(',')
            .map(|p| p.trim().parse().ok())
            .collect::<Option<_>>()?;
        match parts[..] {
            [a, b, c, d] => Some(DeadlineRule {
                first_response_days: a,
                verification_days: b,
                follow_up_days: c,
                resolution_days: d,
            }),
            _ => None,
        }
    }

    /// The most days each step may take (working days, calendar days for resolution), in
    /// the order of the fields;
    /// every step takes at least 1.
    pub const MAX_DAYS: DeadlineRule = DeadlineRule {
        first_response_days: 30,
        verification_days: 60,
        follow_up_days: 90,
        resolution_days: 365,
    };

    /// Each step within a sane range, and in order: a verification deadline before the
    /// first answer would be met by nobody.
    pub(super) fn validate(&self) -> Result<()> {
        let max = Self::MAX_DAYS;
        let check = |field: &'static str, label: &str, value: u32, max: u32| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(Error::invalid(
                    field,
                    format!("{label} harus antara 1 dan {max} hari."),
                ))
            }
        };
        check(
            "first_response_days",
            "Tenggat jawaban pertama",
            self.first_response_days,
            max.first_response_days,
        )?;
        check(
            "verification_days",
            "Tenggat verifikasi",
            self.verification_days,
            max.verification_days,
        )?;
        check(
            "follow_up_days",
            "Tenggat rencana tindak lanjut",
            self.follow_up_days,
            max.follow_up_days,
        )?;
        check(
            "resolution_days",
            "Tenggat penyelesaian",
            self.resolution_days,
            max.resolution_days,
        )?;
        if self.verification_days < self.first_response_days
            || self.follow_up_days < self.verification_days
        {
            return Err(Error::invalid(
                "verification_days",
                "Urutan tenggat harus jawaban pertama <= verifikasi <= rencana tindak lanjut.",
            ));
        }
        Ok(())
    }
}

/// Every rule in force, read once so that an import of 10,000 rows does not read settings
/// 10,000 times.
pub(crate) struct RuleBook {
    pub(super) kinds: HashMap<ComplaintKind, DeadlineRule>,
    pub(super) categories: HashMap<i64, DeadlineRule>,
}

impl RuleBook {
    pub(crate) fn rule(&self, kind: ComplaintKind, category_id: i64) -> DeadlineRule {
        self.categories
            .get(&category_id)
            .or_else(|| self.kinds.get(&kind))
            .copied()
            .unwrap_or_default()
    }
}
