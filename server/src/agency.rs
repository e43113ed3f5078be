//! An agency (PD, Perangkat Daerah: a dinas, badan or kecamatan of Pemkab Cianjur) as
//! Diskominfo registers it on the hub: a short code and a name.

use crate::error::Error;

/// The short code Diskominfo knows a PD by, e.g. `DINKES` or `KEC.CIANJUR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyCode(String);

impl AgencyCode {
    pub const MAX_CHARS: usize = 32;

    /// Accepts what an operator typed, trimmed and in uppercase: A-Z, 0-9, `.`, `-`, `_`.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        let code = typed.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(invalid("Kode PD wajib diisi."));
        }
        if code.chars().count() > Self::MAX_CHARS {
            return Err(invalid("Kode PD paling banyak 32 karakter."));
        }
        let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c);
        if !code.chars().all(allowed) {
            return Err(invalid(
                "Kode PD hanya boleh berisi huruf A-Z, angka 0-9, titik, tanda hubung, dan garis bawah.",
            ));
        }
        Ok(AgencyCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn invalid(message: &'static str) -> Error {
    Error::Invalid {
        code: "agency.invalid_code",
        message,
    }
}

/// The PD's full name as shown on the dashboard, e.g. `Dinas Kesehatan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyName(String);

impl AgencyName {
    /// Trimmed, 3 to 120 characters, no control characters.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        let name = typed.trim();
        let length = name.chars().count();
        if !(3..=120).contains(&length) || name.chars().any(char::is_control) {
            return Err(Error::Invalid {
                code: "agency.invalid_name",
                message: "Nama PD harus 3 sampai 120 karakter, tanpa karakter kontrol.",
            });
        }
        Ok(AgencyName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_code_is_trimmed_and_uppercased() {
        let code = AgencyCode::parse("  kec.cianjur_2 ").expect("valid");
        assert_eq!(code.as_str(), "KEC.CIANJUR_2");
    }

    #[test]
    fn agency_code_refuses_empty_long_and_foreign_characters() {
        for typed in ["", "   ", &"A".repeat(33), "DIN KES", "DINKES/2", "DİNKES"] {
            assert!(AgencyCode::parse(typed).is_err(), "{typed:?}");
        }
        assert!(AgencyCode::parse(&"A".repeat(32)).is_ok());
    }

    #[test]
    fn agency_name_is_trimmed_and_between_3_and_120_characters() {
        assert_eq!(
            AgencyName::parse("  Dinas Kesehatan ")
                .expect("valid")
                .as_str(),
            "Dinas Kesehatan"
        );
        assert!(AgencyName::parse("  PD ").is_err());
        assert!(AgencyName::parse(&"é".repeat(120)).is_ok());
        assert!(AgencyName::parse(&"é".repeat(121)).is_err());
        assert!(AgencyName::parse("Dinas\nKesehatan").is_err());
    }
}
