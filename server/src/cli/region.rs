//! `medsos-hub region add|list`: the regions (BPS codes) the hub serves. A province first
//! (`32`), then its regencies and cities (`32.03`); every agency belongs to one of those.

use crate::clock::{Clock, SystemClock};
use crate::error::Error;
use crate::region::{RegionCode, RegionName};

/// Registers a region and says so.
pub fn add(db: impl Into<super::Target>, code: &str, name: &str) -> Result<String, Error> {
    let code = RegionCode::parse(code)?;
    let name = RegionName::parse(name)?;
    let store = super::open_target(&db.into())?;
    store.add_region(&code, &name, SystemClock.now())?;
    Ok(format!(
        "Wilayah {} \"{}\" ({}) terdaftar.\n",
        code.as_str(),
        name.as_str(),
        code.kind().label()
    ))
}

/// The regions as a table: code, name, kind, and how many agencies are in each.
pub fn list(db: impl Into<super::Target>) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let rows: Vec<[String; 4]> = store
        .regions()?
        .into_iter()
        .map(|r| {
            let kind = RegionCode::parse(&r.code)
                .map(|c| c.kind().label())
                .unwrap_or("?");
            [r.code, r.name, kind.to_owned(), r.agencies.to_string()]
        })
        .collect();
    let header = ["KODE", "NAMA", "JENIS", "PD"].map(str::to_owned);
    Ok(super::table(&header, &rows))
}
