//! `medsos-hub account add|list|approve|reject|remove`: Diskominfo decides which accounts
//! are official. What a PC sends is a claim; these commands (and the dashboard's `/akun`)
//! list it, refuse it with a reason, or take a listing down.

use crate::account::{parse_platform, Handle};
use crate::agency::AgencyCode;
use crate::clock::{show_wib, Clock, SystemClock};
use crate::error::Error;
use crate::store::accounts::CLI_ACTOR;
use crate::store::HubStore;
use medsos_protocol::ListingStatus;
use std::fmt::Write;

/// Diskominfo's own record of an agency's account, listed at once (`account add`).
pub fn add(
    db: impl Into<super::Target>,
    agency: &str,
    platform: &str,
    handle: &str,
    verified: bool,
) -> Result<String, Error> {
    let code = AgencyCode::parse(agency)?;
    let platform = parse_platform(platform)?;
    let handle = Handle::parse_for(handle, Some(platform))?;
    let store = super::open_target_existing(&db.into())?;
    let (account, refused) =
        store.add_account_refusing(&code, platform, &handle, verified, SystemClock.now())?;
    let mut out = format!(
        "Akun resmi {platform} @{handle} ({url}) tercatat dan terdaftar untuk PD {code}{verified}.\n",
        platform = account.platform.as_str(),
        handle = account.handle,
        url = account.url,
        code = code.as_str(),
        verified = if verified {
            ", terverifikasi (diperiksa Diskominfo)"
        } else {
            ""
        },
    );
    // Listing it refuses the other agencies' waiting claims: the operator must know.
    for (other_code, other_name) in &refused {
        let _ = writeln!(
            out,
            "PERHATIAN: klaim {other_name} ({other_code}) atas akun yang sama ditolak: akun ini \
             milik PD {}. Alasannya tampil di Medsos PD milik PD itu setelah sinkron.",
            code.as_str()
        );
    }
    Ok(out)
}

/// Reads `--platform` and `--handle` as typed, and `--agency` when given.
fn target(
    store: &dyn HubStore,
    platform: &str,
    handle: &str,
    agency: Option<&str>,
) -> Result<(medsos_protocol::Platform, Handle, Option<i64>), Error> {
    let platform = parse_platform(platform)?;
    let handle = Handle::parse_for(handle, Some(platform))?;
    let agency = agency
        .map(|code| AgencyCode::parse(code).and_then(|code| store.agency_id(&code)))
        .transpose()?;
    Ok((platform, handle, agency))
}

/// `account approve`: lists an agency's claim as official.
pub fn approve(
    db: impl Into<super::Target>,
    platform: &str,
    handle: &str,
    agency: Option<&str>,
    verified: bool,
) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let (platform, handle, agency) = target(store.as_ref(), platform, handle, agency)?;
    let approved = store.approve_account(
        platform,
        handle.as_str(),
        agency,
        verified,
        CLI_ACTOR,
        SystemClock.now(),
    )?;
    let mut out = format!(
        "Akun {} @{} disetujui sebagai akun resmi {} ({}){}; tampil di registri publik.\n",
        platform.as_str(),
        handle.as_str(),
        approved.agency_name,
        approved.agency_code,
        if verified { ", terverifikasi" } else { "" }
    );
    for (code, name) in &approved.refused {
        let _ = writeln!(
            out,
            "Klaim {name} ({code}) atas akun yang sama ditolak: akun ini milik {}.",
            approved.agency_name
        );
    }
    Ok(out)
}

/// `account reject`: refuses an agency's claim with a reason.
pub fn reject(
    db: impl Into<super::Target>,
    platform: &str,
    handle: &str,
    agency: Option<&str>,
    reason: Option<&str>,
) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let (platform, handle, agency) = target(store.as_ref(), platform, handle, agency)?;
    let (code, name) = store.reject_account(
        platform,
        handle.as_str(),
        agency,
        reason.unwrap_or_default(),
        CLI_ACTOR,
        SystemClock.now(),
    )?;
    Ok(format!(
        "Klaim {name} ({code}) atas akun {} @{} ditolak; alasannya tampil di Medsos PD setelah sinkron.\n",
        platform.as_str(),
        handle.as_str()
    ))
}

/// `account remove`: takes a listed account down with a reason.
pub fn remove(
    db: impl Into<super::Target>,
    platform: &str,
    handle: &str,
    reason: Option<&str>,
) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let (platform, handle, _) = target(store.as_ref(), platform, handle, None)?;
    let (code, name) = store.remove_account(
        platform,
        handle.as_str(),
        reason.unwrap_or_default(),
        CLI_ACTOR,
        SystemClock.now(),
    )?;
    Ok(format!(
        "Akun {} @{} milik {name} ({code}) dihapus dari registri publik.\n",
        platform.as_str(),
        handle.as_str()
    ))
}

/// `account list`: every claim with where it stands, and listings no PC claims any more.
pub fn list(db: impl Into<super::Target>) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let claims = store.account_claims()?;
    let listed = store.listed_accounts()?;
    if claims.is_empty() && listed.is_empty() {
        return Ok("Belum ada akun yang dicatat atau diklaim.\n".to_owned());
    }
    let mut rows: Vec<[String; 7]> = Vec::new();
    for claim in &claims {
        let status = match claim.status {
            ListingStatus::Menunggu if !claim.live || claim.agency_revoked => {
                "menunggu (PC dicabut)".to_owned()
            }
            ListingStatus::Resmi if claim.needs_review => "resmi, periksa ulang".to_owned(),
            other => other.as_str().to_owned(),
        };
        let stated = match claim.stated_verified {
            Some(true) => "ya",
            Some(false) => "tidak",
            None => "-",
        };
        let decided = match (&claim.decided_by, claim.decided_at) {
            (Some(by), Some(at)) => format!("{by}, {}", show_wib(at)),
            _ => "-".to_owned(),
        };
        rows.push([
            claim.platform.as_str().to_owned(),
            format!("@{}", claim.handle),
            claim.agency_code.clone(),
            status,
            if claim.verified { "ya" } else { "tidak" }.to_owned(),
            stated.to_owned(),
            match &claim.reason {
                Some(reason) => format!("{decided} — {reason}"),
                None => decided,
            },
        ]);
    }
    for item in listed.iter().filter(|l| {
        !claims.iter().any(|c| {
            c.agency_id == l.agency_id
                && c.platform == l.listing.platform
                && c.handle == l.listing.handle
        })
    }) {
        rows.push([
            item.listing.platform.as_str().to_owned(),
            format!("@{}", item.listing.handle),
            item.agency_code.clone(),
            "resmi (tidak lagi dikirim PC)".to_owned(),
            if item.listing.verified { "ya" } else { "tidak" }.to_owned(),
            "-".to_owned(),
            format!(
                "{}, {}",
                item.decided_by,
                item.decided_at.map(show_wib).unwrap_or_default()
            ),
        ]);
    }
    let header = [
        "PLATFORM",
        "AKUN",
        "PD",
        "STATUS",
        "TERVERIFIKASI",
        "KATA PD",
        "KEPUTUSAN",
    ]
    .map(str::to_owned);
    Ok(super::table(&header, &rows))
}
