//! Daftar periksa pra-terbit: what Permenpan RB 83/2012 and SE MenPANRB 137/2018 ask of a
//! government post. The admin ticks every item before a draft can be approved.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChecklistItem {
    pub key: String,
    pub label: String,
}

/// The items, in the order the admin reads them.
pub const ITEMS: &[(&str, &str)] = &[
    (
        "sumber",
        "Sumber informasi disebutkan dan sudah diverifikasi",
    ),
    (
        "data_akurat",
        "Data, angka, nama dan tanggal sudah diperiksa kebenarannya",
    ),
    (
        "bebas_hoaks_sara",
        "Tidak mengandung hoaks, SARA, ujaran kebencian atau pencemaran nama baik",
    ),
    (
        "bukan_rahasia",
        "Tidak memuat rahasia negara atau informasi yang dikecualikan",
    ),
    (
        "data_pribadi",
        "Tidak memuat data pribadi warga (NIK, nomor telepon, alamat rumah)",
    ),
    ("netral", "Netral secara politik, tanpa muatan kampanye"),
    ("bahasa", "Bahasa Indonesia yang santun, baik dan benar"),
    (
        "identitas",
        "Identitas instansi dan tagar program (misalnya #CianjurManjur) tercantum",
    ),
];

pub fn items() -> Vec<ChecklistItem> {
    ITEMS
        .iter()
        .map(|(key, label)| ChecklistItem {
            key: (*key).into(),
            label: (*label).into(),
        })
        .collect()
}

pub fn is_known(key: &str) -> bool {
    ITEMS.iter().any(|(k, _)| *k == key)
}
