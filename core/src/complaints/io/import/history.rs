//! The status and closing time a historical sheet gives a row.

use super::dates::parse_received;
use super::fields::shorten;
use crate::calendar::wib;
use crate::clock::Clock;
use crate::complaints::io::mapping::{normalize, Field};
use crate::complaints::model::ComplaintStatus;
use std::collections::HashMap;
use time::OffsetDateTime;

/// What a historical sheet says about a row beyond the complaint itself.
#[derive(Debug, Clone)]
pub(super) struct History {
    pub(super) status: ComplaintStatus,
    /// Closed rows only: the mapped time, or the received time when the sheet has none.
    pub(super) closed_at: Option<OffsetDateTime>,
    /// The status cell as written, quoted in the recorded step.
    pub(super) source: String,
}

/// The statuses a historical sheet may give, by their everyday names.
pub(super) fn status_lookup() -> HashMap<String, ComplaintStatus> {
    let mut out = HashMap::new();
    for status in ComplaintStatus::ALL {
        out.insert(normalize(status.as_str()), status);
        out.insert(normalize(status.label()), status);
    }
    for (names, status) in STATUS_SYNONYMS {
        for name in *names {
            out.insert(normalize(name), *status);
        }
    }
    out
}

const STATUS_SYNONYMS: &[(&[&str], ComplaintStatus)] = &[
    (
        &[
            "belum",
            "belum ditangani",
            "belum diproses",
            "belum ditindaklanjuti",
            "masuk",
            "menunggu",
            "new",
            "open",
        ],
        ComplaintStatus::Baru,
    ),
    (
        &[
            "terverifikasi",
            "sudah diverifikasi",
            "verifikasi",
            "verified",
        ],
        ComplaintStatus::Diverifikasi,
    ),
    (
        &[
            "tindak lanjut",
            "sedang ditindaklanjuti",
            "proses",
            "diproses",
            "dalam proses",
            "sedang diproses",
            "ditangani",
            "sedang ditangani",
            "in progress",
            "on progress",
        ],
        ComplaintStatus::Ditindaklanjuti,
    ),
    (
        &[
            "selesai ditangani",
            "selesai ditindaklanjuti",
            "sudah selesai",
            "tuntas",
            "sudah ditangani",
            "ditutup",
            "closed",
            "done",
            "resolved",
        ],
        ComplaintStatus::Selesai,
    ),
    (
        &["arsip", "diarsip", "archived"],
        ComplaintStatus::Diarsipkan,
    ),
];

/// Reads the status and closing time of a historical sheet's row. `None` for a row that is
/// simply new (no status, or baru); problems go to `problems`. Statuses that need what a
/// sheet does not carry (the receiving PD, a reason, the status it paused from) are
/// refused with the way out named, rather than imported half-true.
pub(super) fn read_history(
    statuses: &HashMap<String, ComplaintStatus>,
    status_text: &str,
    closed_text: &str,
    closed_month_first: bool,
    received_at_wib: &str,
    clock: &dyn Clock,
    problems: &mut Vec<(Field, String)>,
) -> Option<History> {
    let status = if status_text.is_empty() {
        // A closing date alone says it was closed: selesai.
        (!closed_text.is_empty()).then_some(ComplaintStatus::Selesai)
    } else {
        let normalized = normalize(status_text);
        let found = statuses.get(&normalized).copied().or_else(|| {
            // "Selesai (jalan sudah diperbaiki)".
            normalized
                .split(' ')
                .next()
                .filter(|w| matches!(*w, "selesai" | "tuntas"))
                .map(|_| ComplaintStatus::Selesai)
        });
        match found {
            Some(
                status @ (ComplaintStatus::Diteruskan
                | ComplaintStatus::Ditunda
                | ComplaintStatus::BukanWewenang),
            ) => {
                problems.push((
                    Field::Status,
                    format!(
                        "Status \"{}\" tidak dapat diimpor karena {} tidak ada di berkas. Tulis selesai atau diarsipkan, atau impor sebagai baru lalu ubah statusnya di aplikasi.",
                        shorten(status_text),
                        match status {
                            ComplaintStatus::Diteruskan => "nama PD tujuannya",
                            ComplaintStatus::Ditunda => "alasan dan status sebelum ditunda",
                            _ => "alasannya",
                        }
                    ),
                ));
                return None;
            }
            Some(status) => Some(status),
            None => {
                problems.push((
                    Field::Status,
                    format!(
                        "Status \"{}\" tidak dikenal. Gunakan: baru, diverifikasi, ditindaklanjuti, selesai, atau diarsipkan.",
                        shorten(status_text)
                    ),
                ));
                return None;
            }
        }
    };
    let status = status.filter(|s| *s != ComplaintStatus::Baru || !closed_text.is_empty())?;

    let received = wib::parse_minute("received_at_wib", received_at_wib).ok();
    let closed_at = if closed_text.is_empty() {
        None
    } else {
        match parse_received(closed_text, closed_month_first)
            .and_then(|t| wib::parse_minute("closed_at", &t).ok())
        {
            Some(at) => Some(at),
            None => {
                problems.push((
                    Field::ClosedAt,
                    format!(
                        "Waktu selesai \"{}\" tidak dikenali. Tulis seperti 2026-11-20 08:15 atau 20/11/2026 08.15.",
                        shorten(closed_text)
                    ),
                ));
                return None;
            }
        }
    };
    if !status.is_closed() {
        if closed_at.is_some() {
            problems.push((
                Field::ClosedAt,
                format!(
                    "Waktu selesai diisi, tetapi statusnya {}. Kosongkan waktu selesai atau ubah statusnya menjadi selesai.",
                    status.label()
                ),
            ));
            return None;
        }
        return Some(History {
            status,
            closed_at: None,
            source: shorten(status_text),
        });
    }
    if let (Some(closed), Some(received)) = (closed_at, received) {
        if closed < received {
            problems.push((
                Field::ClosedAt,
                "Waktu selesai lebih awal dari waktu diterima. Periksa kedua tanggalnya.".into(),
            ));
            return None;
        }
    }
    if closed_at.is_some_and(|c| c > clock.now() + time::Duration::minutes(10)) {
        problems.push((
            Field::ClosedAt,
            "Waktu selesai tidak boleh di masa depan. Periksa tanggal dan jamnya.".into(),
        ));
        return None;
    }
    // Without a closing time the received time stands in: the sheet says it is closed,
    // and retention then counts from the earliest moment it can have been.
    let closed_at = closed_at.or(received)?;
    Some(History {
        status,
        closed_at: Some(closed_at),
        source: if status_text.is_empty() {
            shorten(closed_text)
        } else {
            shorten(status_text)
        },
    })
}
