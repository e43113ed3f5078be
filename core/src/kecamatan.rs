//! Kecamatan: the 32 districts of Kabupaten Cianjur with their Kemendagri codes
//! (32.03.01-32.03.32), from `core/data/kecamatan-cianjur.csv`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

const CSV: &str = include_str!("../data/kecamatan-cianjur.csv");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Kecamatan {
    /// Kemendagri code, e.g. "32.03.11".
    pub kode: String,
    pub nama: String,
}

/// All kecamatan in code order. The data ships with the app, so a parse failure is a
/// build defect caught by the test below, not something an admin can cause.
pub fn all() -> Vec<Kecamatan> {
    csv::Reader::from_reader(CSV.as_bytes())
        .deserialize()
        .filter_map(|row| row.ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cianjur_has_32_kecamatan_with_kemendagri_codes_in_order() {
        let list = all();
        assert_eq!(list.len(), 32);
        for (i, k) in list.iter().enumerate() {
            assert_eq!(k.kode, format!("32.03.{:02}", i + 1));
            assert!(!k.nama.is_empty());
        }
        assert_eq!(list[0].nama, "Cianjur");
        assert_eq!(list[31].nama, "Pasirkuda");
    }
}
