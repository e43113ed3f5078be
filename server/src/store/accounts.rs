//! The agencies' official social media accounts, published as the registry.

use crate::account::Handle;
use crate::agency::AgencyCode;
use crate::clock::to_stored;
use crate::error::Error;
use medsos_protocol::{OfficialAccount, Platform, Registry, RegistryAgency};
use rusqlite::{params, Connection, ErrorCode};
use time::OffsetDateTime;

/// Records an official account for the agency with `code`.
pub fn add(
    conn: &Connection,
    code: &AgencyCode,
    platform: Platform,
    handle: &Handle,
    verified: bool,
    now: OffsetDateTime,
) -> Result<OfficialAccount, Error> {
    let agency_id = super::agencies::find_id(conn, code)?;
    let url = handle.url(platform);
    let inserted = conn.execute(
        "INSERT INTO agency_accounts (agency_id, platform, handle, url, verified, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            agency_id,
            platform.as_str(),
            handle.as_str(),
            url,
            verified,
            to_stored(now)
        ],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == ErrorCode::ConstraintViolation =>
        {
            Err(Error::AccountTaken {
                platform: platform.as_str(),
                handle: handle.as_str().to_owned(),
            })
        }
        other => {
            other?;
            Ok(OfficialAccount {
                platform,
                handle: handle.as_str().to_owned(),
                url,
                verified,
            })
        }
    }
}

/// Every agency by code, with its accounts by platform and handle.
pub fn registry(conn: &Connection) -> Result<Registry, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT a.code, a.name, x.platform, x.handle, x.url, x.verified
         FROM agencies a LEFT JOIN agency_accounts x ON x.agency_id = a.id
         ORDER BY a.code, x.platform, x.handle",
    )?;
    let mut rows = statement.query([])?;
    let mut agencies: Vec<RegistryAgency> = Vec::new();
    while let Some(row) = rows.next()? {
        let code: String = row.get(0)?;
        if agencies.last().is_none_or(|a| a.code != code) {
            agencies.push(RegistryAgency {
                code,
                name: row.get(1)?,
                accounts: Vec::new(),
            });
        }
        let platform: Option<String> = row.get(2)?;
        if let (Some(platform), Some(agency)) = (
            platform.as_deref().and_then(Platform::parse),
            agencies.last_mut(),
        ) {
            agency.accounts.push(OfficialAccount {
                platform,
                handle: row.get(3)?,
                url: row.get(4)?,
                verified: row.get(5)?,
            });
        }
    }
    Ok(Registry { agencies })
}
