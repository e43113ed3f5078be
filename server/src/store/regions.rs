//! Regions (wilayah) as the hub lists them.

/// One line of `medsos-hub region list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRegion {
    pub code: String,
    pub name: String,
    /// Agencies registered in it (for a province: in its regencies and cities).
    pub agencies: i64,
}

use crate::error::Error;
use crate::region::{RegionCode, RegionKind};

/// A regency or city whose province is not registered yet.
pub fn province_unknown(code: &RegionCode) -> Error {
    Error::Rejected {
        code: "region.province_unknown",
        message: format!(
            "Provinsi {province} belum terdaftar. Tambahkan dulu provinsinya, mis. `medsos-hub region add --code {province} --name \"Provinsi ...\"`, lalu {code}.",
            province = code.province().as_str(),
            code = code.as_str(),
        ),
    }
}

/// A code registered already, as `existing`.
pub fn taken(code: &RegionCode, existing: &str) -> Error {
    Error::Rejected {
        code: "region.taken",
        message: format!(
            "Wilayah {} sudah terdaftar sebagai \"{existing}\". Daftar wilayah ada di `medsos-hub region list`.",
            code.as_str()
        ),
    }
}

/// The regency or city a new agency goes to: `named` when it is a registered regency or
/// city (`registered` says whether a code is), or the hub's only one (`regencies`, by code)
/// when none is named. Both engines decide it here.
pub fn for_new_agency(
    named: Option<&RegionCode>,
    registered: &mut dyn FnMut(&RegionCode) -> Result<bool, Error>,
    regencies: &mut dyn FnMut() -> Result<Vec<String>, Error>,
) -> Result<String, Error> {
    if let Some(region) = named {
        if region.kind() == RegionKind::Provinsi {
            return Err(Error::Rejected {
                code: "region.not_a_regency",
                message: format!(
                    "{} adalah kode provinsi. PD terdaftar di kabupaten/kota, mis. --region {}.03.",
                    region.as_str(),
                    region.as_str()
                ),
            });
        }
        if !registered(region)? {
            return Err(crate::store::users::unknown_region(region));
        }
        return Ok(region.as_str().to_owned());
    }
    match regencies()?.as_slice() {
        [only] => Ok(only.clone()),
        [] => Err(Error::Rejected {
            code: "region.none",
            message: "Belum ada kabupaten/kota terdaftar. Tambahkan dengan `medsos-hub region add`."
                .into(),
        }),
        several => Err(Error::Rejected {
            code: "region.required",
            message: format!(
                "Hub ini melayani {} kabupaten/kota ({}). Sebutkan wilayah PD dengan --region KODE.",
                several.len(),
                several.join(", ")
            ),
        }),
    }
}
