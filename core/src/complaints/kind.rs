//! Jenis aduan: pengaduan, aspirasi or permintaan informasi.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The three kinds SP4N-LAPOR! distinguishes; each has its own deadline settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintKind {
    Pengaduan,
    Aspirasi,
    PermintaanInformasi,
}

impl ComplaintKind {
    pub const ALL: [ComplaintKind; 3] = [
        ComplaintKind::Pengaduan,
        ComplaintKind::Aspirasi,
        ComplaintKind::PermintaanInformasi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintKind::Pengaduan => "pengaduan",
            ComplaintKind::Aspirasi => "aspirasi",
            ComplaintKind::PermintaanInformasi => "permintaan_informasi",
        }
    }

    pub fn parse(text: &str) -> Option<ComplaintKind> {
        ComplaintKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            ComplaintKind::Pengaduan => "Pengaduan",
            ComplaintKind::Aspirasi => "Aspirasi",
            ComplaintKind::PermintaanInformasi => "Permintaan informasi",
        }
    }
}
