//! `medsos-hub agency add|list|revoke|rotate`: Diskominfo's operator registers PDs, hands out
//! codes, and cuts off a PC that is lost or compromised.

use crate::agency::{AgencyCode, AgencyName};
use crate::clock::{show_wib, Clock, SystemClock};
use crate::error::Error;
use crate::region::RegionCode;

/// Registers an agency in the hub's one regency or city and returns the text to show: its
/// one-time enrolment code and expiry.
pub fn add(db: impl Into<super::Target>, name: &str, code: &str) -> Result<String, Error> {
    add_in(db, name, code, None)
}

/// [`add`] in `region` (a regency or city by BPS code), or in the hub's one regency or city.
pub fn add_in(
    db: impl Into<super::Target>,
    name: &str,
    code: &str,
    region: Option<&str>,
) -> Result<String, Error> {
    let code = AgencyCode::parse(code)?;
    let name = AgencyName::parse(name)?;
    let region = region.map(RegionCode::parse).transpose()?;
    let store = super::open_target(&db.into())?;
    let agency = store.add_agency_in(&code, &name, region.as_ref(), SystemClock.now())?;
    let said = format!(
        "PD \"{name}\" terdaftar dengan kode {code} (id {id}).\n\
         Kode pendaftaran (sekali pakai): {enrolment}\n\
         Berlaku sampai: {expiry}\n\
         Berikan kode ini kepada admin PD untuk dimasukkan di Medsos PD. Kode ini tidak dapat ditampilkan lagi.\n",
        name = name.as_str(),
        code = code.as_str(),
        id = agency.id,
        enrolment = agency.enrolment.code,
        expiry = show_wib(agency.enrolment.expires_at),
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "agency.add",
        code.as_str(),
        name.as_str(),
    ))
}

/// Returns the agencies as a table: id, code, name, region, and whether a PC has enrolled
/// (last, where scripts of earlier versions read it).
/// Unlike `add`, it never creates the store: a mistyped path should fail, not list nothing.
pub fn list(db: impl Into<super::Target>) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let agencies = store.agencies()?;
    if agencies.is_empty() {
        return Ok(
            "Belum ada PD terdaftar. Tambahkan dengan `medsos-hub agency add`.\n".to_owned(),
        );
    }
    let rows: Vec<[String; 5]> = agencies
        .into_iter()
        .map(|a| {
            let enrolled = if a.enrolled { "ya" } else { "tidak" };
            [
                a.id.to_string(),
                a.code,
                a.name,
                a.region,
                enrolled.to_owned(),
            ]
        })
        .collect();
    let header = ["ID", "KODE", "NAMA", "WILAYAH", "TERDAFTAR"].map(str::to_owned);
    Ok(super::table(&header, &rows))
}

/// Revokes every token of the agency (its PCs get 401 from then on) and voids unused codes.
pub fn revoke(db: impl Into<super::Target>, code: &str) -> Result<String, Error> {
    let code = AgencyCode::parse(code)?;
    let store = super::open_target_existing(&db.into())?;
    let revoked = store.revoke_agency(&code, SystemClock.now())?;
    let said = format!(
        "Token PD {code} dicabut ({revoked} PC). PC tersebut tidak dapat mengirim lagi sampai didaftarkan ulang dengan `medsos-hub agency rotate`.\n",
        code = code.as_str(),
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "agency.revoke",
        code.as_str(),
        &format!("{revoked} PC dicabut"),
    ))
}

/// Revokes as [`revoke`] does and prints a fresh one-time enrolment code.
pub fn rotate(db: impl Into<super::Target>, code: &str) -> Result<String, Error> {
    let code = AgencyCode::parse(code)?;
    let store = super::open_target_existing(&db.into())?;
    let (revoked, issued) = store.rotate_agency(&code, SystemClock.now())?;
    let said = format!(
        "Token lama PD {code} dicabut ({revoked} PC).\n\
         Kode pendaftaran baru (sekali pakai): {enrolment}\n\
         Berlaku sampai: {expiry}\n\
         Berikan kode ini kepada admin PD untuk mendaftarkan ulang PC-nya. Kode ini tidak dapat ditampilkan lagi.\n",
        code = code.as_str(),
        enrolment = issued.code,
        expiry = show_wib(issued.expires_at),
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "agency.rotate",
        code.as_str(),
        &format!("{revoked} PC dicabut"),
    ))
}

/// Prints one more one-time code for an additional PC of the agency; no PC is revoked.
pub fn code(db: impl Into<super::Target>, code: &str) -> Result<String, Error> {
    let code = AgencyCode::parse(code)?;
    let store = super::open_target_existing(&db.into())?;
    let issued = store.issue_additional_code(&code, SystemClock.now())?;
    let said = format!(
        "Kode pendaftaran PC tambahan PD {code} (sekali pakai): {enrolment}\n\
         Berlaku sampai: {expiry}\n\
         PC yang sudah terdaftar tetap aktif. Kode ini tidak dapat ditampilkan lagi.\n",
        code = code.as_str(),
        enrolment = issued.code,
        expiry = show_wib(issued.expires_at),
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "agency.code",
        code.as_str(),
        "",
    ))
}

/// Lists the agency's PCs with their id (for `revoke-device`), enrolment and last sync.
pub fn devices(db: impl Into<super::Target>, code: &str) -> Result<String, Error> {
    let code = AgencyCode::parse(code)?;
    let store = super::open_target_existing(&db.into())?;
    let id = store.agency_id(&code)?;
    let found = store.devices(id)?;
    if found.is_empty() {
        return Ok(format!(
            "Belum ada PC terdaftar untuk PD {}. Kode baru: `medsos-hub agency code --code {}`.\n",
            code.as_str(),
            code.as_str()
        ));
    }
    let when = |at: Option<time::OffsetDateTime>| at.map(show_wib).unwrap_or_else(|| "-".into());
    let rows: Vec<[String; 5]> = found
        .into_iter()
        .map(|d| {
            [
                d.id.to_string(),
                d.name,
                when(d.enrolled_at),
                when(d.last_sync_at),
                match d.revoked_at {
                    Some(at) => format!("dicabut {}", show_wib(at)),
                    None => "aktif".to_owned(),
                },
            ]
        })
        .collect();
    let header = ["ID", "NAMA PC", "TERDAFTAR", "SINKRON TERAKHIR", "STATUS"].map(str::to_owned);
    Ok(super::table(&header, &rows))
}

/// Cuts one PC off; the agency's other PCs go on.
pub fn revoke_device(db: impl Into<super::Target>, device: &str) -> Result<String, Error> {
    let id: i64 = device.trim().parse().map_err(|_| Error::Invalid {
        code: "device.invalid_id",
        message: "--device harus nomor id PC dari `medsos-hub agency devices`.",
    })?;
    let store = super::open_target_existing(&db.into())?;
    let revoked = store.revoke_device(id, SystemClock.now())?;
    let said = format!(
        "PC {name} (id {id}) milik {agency} ({code}) dicabut; PC lain PD ini tetap aktif dan \
         ringkasan yang sudah dikirim tetap dihitung.\n",
        name = revoked.name,
        agency = revoked.agency_name,
        code = revoked.agency_code,
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "device.revoke",
        &revoked.agency_code,
        &format!("PC {} (id {id})", revoked.name),
    ))
}
