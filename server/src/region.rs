//! A region (wilayah) as BPS codes it: a province (`32`, Jawa Barat) or a regency or city in
//! it (`32.03`, Kabupaten Cianjur; cities are numbered from 71, `32.73` Kota Bandung). Every
//! agency belongs to one regency or city; officers are scoped to one region, a province, or
//! all.

use crate::error::Error;

/// A BPS region code: `NN` for a province, `NN.NN` for a regency or city.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RegionCode(String);

/// What a region code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    Provinsi,
    Kabupaten,
    Kota,
}

impl RegionKind {
    pub fn label(self) -> &'static str {
        match self {
            RegionKind::Provinsi => "provinsi",
            RegionKind::Kabupaten => "kabupaten",
            RegionKind::Kota => "kota",
        }
    }
}

/// Kabupaten Cianjur: the region every agency of a hub from before regions belongs to.
pub const CIANJUR: &str = "32.03";

impl RegionCode {
    /// Accepts what an operator typed, trimmed: two digits (11 to 99) for a province, or a
    /// province's two digits, a dot and two digits (01 to 99) for a regency or city.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        let code = typed.trim();
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        let valid = match code.split_once('.') {
            None => two_digits(code) && code >= "11",
            Some((province, regency)) => {
                two_digits(province) && province >= "11" && two_digits(regency) && regency >= "01"
            }
        };
        if !valid {
            return Err(Error::Rejected {
                code: "region.invalid_code",
                message: format!(
                    "Kode wilayah \"{code}\" bukan kode BPS. Pakai dua angka untuk provinsi (mis. 32 untuk Jawa Barat) atau kode provinsi, titik, dan dua angka untuk kabupaten/kota (mis. 32.03 untuk Kabupaten Cianjur)."
                ),
            });
        }
        Ok(RegionCode(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province's code: itself for a province, `32` for `32.03`.
    pub fn province(&self) -> RegionCode {
        RegionCode(self.0[..2].to_owned())
    }

    pub fn kind(&self) -> RegionKind {
        match self.0.split_once('.') {
            None => RegionKind::Provinsi,
            // BPS numbers cities from 71.
            Some((_, regency)) if regency >= "71" => RegionKind::Kota,
            Some(_) => RegionKind::Kabupaten,
        }
    }

    /// Whether `other` lies in this region (a regency in its province, or itself).
    pub fn covers(&self, other: &RegionCode) -> bool {
        self == other || (self.kind() == RegionKind::Provinsi && other.province() == *self)
    }
}

/// What an officer sees: every region, or one region (a province covers its regencies and
/// cities).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    All,
    Within(RegionCode),
}

impl Scope {
    /// `all` (or `semua`), or a BPS code.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        match typed.trim() {
            "all" | "semua" | "" => Ok(Scope::All),
            code => RegionCode::parse(code).map(Scope::Within),
        }
    }

    /// As stored: `all`, or the code.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::All => "all",
            Scope::Within(code) => code.as_str(),
        }
    }

    /// Whether an agency of the region coded `agency_region` is in the scope.
    pub fn covers(&self, agency_region: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Within(region) => {
                RegionCode::parse(agency_region).is_ok_and(|r| region.covers(&r))
            }
        }
    }

    /// The region the scope is limited to, if any.
    pub fn region(&self) -> Option<&RegionCode> {
        match self {
            Scope::All => None,
            Scope::Within(code) => Some(code),
        }
    }
}

/// A region's name as the dashboard shows it, e.g. `Kabupaten Cianjur`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionName(String);

impl RegionName {
    /// Trimmed, 3 to 80 characters, no control characters.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        let name = typed.trim();
        let length = name.chars().count();
        if !(3..=80).contains(&length) || name.chars().any(char::is_control) {
            return Err(Error::Invalid {
                code: "region.invalid_name",
                message: "Nama wilayah harus 3 sampai 80 karakter, tanpa karakter kontrol.",
            });
        }
        Ok(RegionName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bps_codes_of_provinces_regencies_and_cities_are_read_and_others_refused() {
        let cianjur = RegionCode::parse(" 32.03 ").unwrap();
        assert_eq!(cianjur.as_str(), "32.03");
        assert_eq!(cianjur.kind(), RegionKind::Kabupaten);
        assert_eq!(cianjur.province().as_str(), "32");
        let bandung = RegionCode::parse("32.73").unwrap();
        assert_eq!(bandung.kind(), RegionKind::Kota);
        let jabar = RegionCode::parse("32").unwrap();
        assert_eq!(jabar.kind(), RegionKind::Provinsi);
        assert!(jabar.covers(&cianjur) && jabar.covers(&bandung) && jabar.covers(&jabar));
        assert!(!cianjur.covers(&bandung) && !cianjur.covers(&jabar));
        assert!(!RegionCode::parse("33").unwrap().covers(&cianjur));
        for bad in [
            "", "3", "320", "32.3", "32.003", "32-03", "3203", "ab", "32.ab", "00", "10.01",
            "32.00", "32.03.01",
        ] {
            let err = RegionCode::parse(bad).unwrap_err().to_string();
            assert!(err.contains("bukan kode BPS"), "{bad}: {err}");
        }
    }

    #[test]
    fn region_names_are_trimmed_and_bounded() {
        assert_eq!(
            RegionName::parse("  Kabupaten Cianjur ").unwrap().as_str(),
            "Kabupaten Cianjur"
        );
        for bad in ["", "  ", "ab", &"x".repeat(81), "Kab\u{7}Cianjur"] {
            assert!(RegionName::parse(bad).is_err(), "{bad:?}");
        }
    }
}
