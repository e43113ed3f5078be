//! The agencies' official social media accounts: Diskominfo's records, the lists the PCs
//! sync, the conflicts between agencies and Diskominfo's decisions on them, and the registry
//! published from all that. Where a claim stands ('resmi', 'sengketa', 'ditolak') is defined
//! once, by the `account_claims` view (migration 004).

use crate::account::{CheckedAccount, Handle};
use crate::agency::AgencyCode;
use crate::clock::{from_stored, to_stored};
use crate::error::Error;
use medsos_protocol::{
    AccountConflict, AccountListResult, OfficialAccount, Platform, Registry, RegistryAgency,
};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use std::collections::HashSet;
use time::OffsetDateTime;

/// Records an official account for the agency with `code` (`medsos-hub account add`),
/// source 'diskominfo'. The same account twice for one agency is refused; one another
/// agency holds is recorded and becomes a conflict (see [`claimed_elsewhere`]).
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
    let at = to_stored(now);
    // The agency's PCs may have sent it already: still one claim, so refused as well.
    let held: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM agency_accounts
                        WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3)",
        params![agency_id, platform.as_str(), handle.as_str()],
        |row| row.get(0),
    )?;
    if held {
        return Err(Error::AccountTaken {
            platform: platform.as_str(),
            handle: handle.as_str().to_owned(),
        });
    }
    let inserted = conn.execute(
        "INSERT INTO agency_accounts
             (agency_id, platform, handle, url, verified, source, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'diskominfo', ?6, ?6)",
        params![
            agency_id,
            platform.as_str(),
            handle.as_str(),
            url,
            verified,
            at
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

/// Other agencies (not revoked) that claim this account besides `agency_id`, by code, as
/// (code, name). Claims Diskominfo already refused in favour of `agency_id` are left out.
pub fn claimed_elsewhere(
    conn: &Connection,
    agency_id: i64,
    platform: Platform,
    handle: &str,
) -> Result<Vec<(String, String)>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT a.code, a.name FROM agency_accounts x
         JOIN agencies a ON a.id = x.agency_id
         LEFT JOIN account_decisions d ON d.platform = x.platform AND d.handle = x.handle
         WHERE x.platform = ?1 AND x.handle = ?2 AND x.agency_id <> ?3
           AND a.revoked_at IS NULL
           AND (d.agency_id IS NULL OR d.agency_id <> ?3)
         ORDER BY a.code",
    )?;
    let rows = statement.query_map(params![platform.as_str(), handle, agency_id], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Where the agency's claim to this account stands, `None` when it has none.
pub fn claim_status(
    conn: &Connection,
    agency_id: i64,
    platform: Platform,
    handle: &str,
) -> Result<Option<ClaimStatus>, Error> {
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM account_claims WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3",
            params![agency_id, platform.as_str(), handle],
            |row| row.get(0),
        )
        .optional()?;
    Ok(status.as_deref().map(ClaimStatus::parse))
}

/// Replaces what the PC `device_id` of the agency sent before (source 'pd') with `accounts`,
/// in one transaction; what the agency's other PCs sent stays, and the agency's claims are
/// the union of them all. An account Diskominfo already recorded for the agency keeps its
/// record (and its `verified`, as Diskominfo recorded it) and takes the name and request
/// day sent. A row's `updated_at` moves only when something in it changed, so where two
/// PCs send the same account, the one changed last is shown.
pub fn replace_synced(
    conn: &mut Connection,
    agency_id: i64,
    device_id: i64,
    accounts: &[CheckedAccount],
    now: OffsetDateTime,
) -> Result<AccountListResult, Error> {
    let at = to_stored(now);
    let tx = conn.transaction()?;
    {
        let keep: HashSet<(&str, &str)> = accounts
            .iter()
            .map(|a| (a.platform.as_str(), a.handle.as_str()))
            .collect();
        let mut held = tx.prepare_cached(
            "SELECT id, platform, handle FROM agency_accounts
             WHERE agency_id = ?1 AND device_id = ?2 AND source = 'pd'",
        )?;
        let held: Vec<(i64, String, String)> = held
            .query_map([agency_id, device_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut delete = tx.prepare_cached("DELETE FROM agency_accounts WHERE id = ?1")?;
        for (id, platform, handle) in &held {
            if !keep.contains(&(platform.as_str(), handle.as_str())) {
                delete.execute([id])?;
            }
        }
        let mut recorded = tx.prepare_cached(
            "UPDATE agency_accounts SET
                 updated_at = CASE WHEN display_name IS ?4 AND verification_requested_on IS ?5
                                   THEN updated_at ELSE ?6 END,
                 display_name = ?4,
                 verification_requested_on = ?5
             WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3 AND source = 'diskominfo'",
        )?;
        let mut synced = tx.prepare_cached(
            "UPDATE agency_accounts SET
                 updated_at = CASE WHEN url IS ?5 AND display_name IS ?6 AND verified IS ?7
                                        AND verification_requested_on IS ?8
                                   THEN updated_at ELSE ?9 END,
                 url = ?5, display_name = ?6, verified = ?7, verification_requested_on = ?8
             WHERE agency_id = ?1 AND device_id = ?2 AND platform = ?3 AND handle = ?4
               AND source = 'pd'",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO agency_accounts
                 (agency_id, platform, handle, url, display_name, verified,
                  verification_requested_on, source, device_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pd', ?8, ?9, ?9)",
        )?;
        for account in accounts {
            let platform = account.platform.as_str();
            let kept_by_diskominfo = recorded.execute(params![
                agency_id,
                platform,
                account.handle,
                account.display_name,
                account.verification_requested_on,
                at
            ])?;
            if kept_by_diskominfo > 0 {
                continue;
            }
            let updated = synced.execute(params![
                agency_id,
                device_id,
                platform,
                account.handle,
                account.url,
                account.display_name,
                account.verified,
                account.verification_requested_on,
                at
            ])?;
            if updated == 0 {
                insert.execute(params![
                    agency_id,
                    platform,
                    account.handle,
                    account.url,
                    account.display_name,
                    account.verified,
                    account.verification_requested_on,
                    device_id,
                    at
                ])?;
            }
        }
    }
    let mut conflicts = Vec::new();
    for account in accounts {
        for (code, name) in claimed_elsewhere(&tx, agency_id, account.platform, &account.handle)? {
            conflicts.push(AccountConflict {
                platform: account.platform,
                handle: account.handle.clone(),
                other_agency_code: code,
                other_agency_name: name,
            });
        }
    }
    tx.commit()?;
    Ok(AccountListResult {
        accepted: u32::try_from(accounts.len()).unwrap_or(u32::MAX),
        conflicts,
    })
}

/// Where a claim stands (see the `account_claims` view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    /// Official: Diskominfo decided for it, or no other agency's claim comes first (a
    /// Diskominfo record before a PC's, then the earlier claim).
    Official,
    /// Another agency claimed it first; Diskominfo has not decided.
    Disputed,
    /// Diskominfo decided the handle belongs to another agency.
    Refused,
}

impl ClaimStatus {
    /// From the `account_claims` view's `status`.
    pub fn parse(text: &str) -> Self {
        match text {
            "resmi" => ClaimStatus::Official,
            "ditolak" => ClaimStatus::Refused,
            _ => ClaimStatus::Disputed,
        }
    }
}

/// One agency's claim to an account, with the agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub agency_revoked: bool,
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub display_name: String,
    pub verified: bool,
    pub verification_requested_on: Option<String>,
    /// `diskominfo` or `pd`.
    pub source: String,
    pub status: ClaimStatus,
    pub updated_at: Option<OffsetDateTime>,
}

/// Every claim of every agency, by agency name and code, Instagram first, then handle.
pub fn claims(conn: &Connection) -> Result<Vec<Claim>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.code, a.name, a.revoked_at IS NOT NULL, x.platform, x.handle, x.url,
                x.display_name, x.verified, x.verification_requested_on, x.source, x.status,
                x.updated_at
         FROM account_claims x JOIN agencies a ON a.id = x.agency_id
         ORDER BY a.name, a.code, CASE x.platform WHEN 'instagram' THEN 0 ELSE 1 END, x.handle",
    )?;
    let mut rows = statement.query([])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let Some(platform) = Platform::parse(&row.get::<_, String>(4)?) else {
            continue;
        };
        found.push(Claim {
            agency_id: row.get(0)?,
            agency_code: row.get(1)?,
            agency_name: row.get(2)?,
            agency_revoked: row.get(3)?,
            platform,
            handle: row.get(5)?,
            url: row.get(6)?,
            display_name: row.get(7)?,
            verified: row.get(8)?,
            verification_requested_on: row.get(9)?,
            source: row.get(10)?,
            status: ClaimStatus::parse(&row.get::<_, String>(11)?),
            updated_at: row
                .get::<_, String>(12)
                .ok()
                .as_deref()
                .and_then(from_stored),
        });
    }
    Ok(found)
}

/// An agency (not revoked) with its official and disputed accounts, for the public page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAgency {
    pub code: String,
    pub name: String,
    /// Official and disputed claims; refused ones are left out.
    pub accounts: Vec<Claim>,
}

/// Every agency not revoked, by code, with its official and disputed accounts.
pub fn public_registry(conn: &Connection) -> Result<Vec<PublicAgency>, Error> {
    let mut agencies: Vec<PublicAgency> = Vec::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT code, name FROM agencies WHERE revoked_at IS NULL ORDER BY code",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PublicAgency {
                code: row.get(0)?,
                name: row.get(1)?,
                accounts: Vec::new(),
            })
        })?;
        for agency in rows {
            agencies.push(agency?);
        }
    }
    for claim in claims(conn)? {
        if claim.agency_revoked || claim.status == ClaimStatus::Refused {
            continue;
        }
        if let Ok(i) = agencies.binary_search_by(|a| a.code.as_str().cmp(&claim.agency_code)) {
            agencies[i].accounts.push(claim);
        }
    }
    Ok(agencies)
}

/// `GET /api/v1/registry`: every agency not revoked, by code, with its official accounts
/// only. Disputed and refused claims are left out, so a PC never trusts them.
pub fn registry(conn: &Connection) -> Result<Registry, Error> {
    let agencies = public_registry(conn)?
        .into_iter()
        .map(|agency| {
            let mut accounts: Vec<OfficialAccount> = agency
                .accounts
                .into_iter()
                .filter(|c| c.status == ClaimStatus::Official)
                .map(|c| OfficialAccount {
                    platform: c.platform,
                    handle: c.handle,
                    url: c.url,
                    verified: c.verified,
                })
                .collect();
            // By platform name, then handle, as the registry always listed them.
            accounts.sort_by(|a, b| {
                (a.platform.as_str(), &a.handle).cmp(&(b.platform.as_str(), &b.handle))
            });
            RegistryAgency {
                code: agency.code,
                name: agency.name,
                accounts,
            }
        })
        .collect();
    Ok(Registry { agencies })
}

/// A handle two agencies or more claim (not revoked), or one Diskominfo decided while
/// another claim remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    pub platform: Platform,
    pub handle: String,
    /// Every claim, by agency name.
    pub claims: Vec<Claim>,
    /// The agency Diskominfo decided for, as (id, code, name).
    pub decided_for: Option<(i64, String, String)>,
    pub decided_at: Option<OffsetDateTime>,
}

/// Every disputed or decided handle that still has more than one claimant, or a refused
/// claim, by platform and handle.
pub fn disputes(conn: &Connection) -> Result<Vec<Dispute>, Error> {
    let mut all = claims(conn)?;
    all.retain(|c| !c.agency_revoked);
    all.sort_by(|a, b| {
        (a.platform, &a.handle, &a.agency_name).cmp(&(b.platform, &b.handle, &b.agency_name))
    });
    let mut decisions = conn.prepare_cached(
        "SELECT d.agency_id, a.code, a.name, d.decided_at FROM account_decisions d
         JOIN agencies a ON a.id = d.agency_id WHERE d.platform = ?1 AND d.handle = ?2",
    )?;
    let mut found: Vec<Dispute> = Vec::new();
    for claim in all {
        match found.last_mut() {
            Some(d) if d.platform == claim.platform && d.handle == claim.handle => {
                d.claims.push(claim)
            }
            _ => found.push(Dispute {
                platform: claim.platform,
                handle: claim.handle.clone(),
                claims: vec![claim],
                decided_for: None,
                decided_at: None,
            }),
        }
    }
    found.retain(|d| {
        d.claims.len() > 1 || d.claims.iter().any(|c| c.status == ClaimStatus::Refused)
    });
    for dispute in &mut found {
        let decided = decisions
            .query_row(params![dispute.platform.as_str(), dispute.handle], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .optional()?;
        if let Some((id, code, name, at)) = decided {
            dispute.decided_for = Some((id, code, name));
            dispute.decided_at = from_stored(&at);
        }
    }
    Ok(found)
}

/// Diskominfo decides that the account belongs to `agency_id`, which must claim it; every
/// other claim stays recorded but is not official. `false` when the agency does not claim it.
pub fn decide(
    conn: &Connection,
    platform: Platform,
    handle: &str,
    agency_id: i64,
    user_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<bool, Error> {
    let claims: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM agency_accounts
                        WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3)",
        params![agency_id, platform.as_str(), handle],
        |row| row.get(0),
    )?;
    if !claims {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO account_decisions (platform, handle, agency_id, decided_by, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (platform, handle) DO UPDATE SET
             agency_id = excluded.agency_id, decided_by = excluded.decided_by,
             decided_at = excluded.decided_at",
        params![
            platform.as_str(),
            handle,
            agency_id,
            user_id,
            to_stored(now)
        ],
    )?;
    Ok(true)
}

/// How many handles are claimed by more than one agency (not revoked) with no decision yet
/// (counted by the later claims, the ones not official).
pub fn count_disputed(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM (SELECT DISTINCT x.platform, x.handle FROM account_claims x
                               JOIN agencies a ON a.id = x.agency_id
                               WHERE x.status = 'sengketa' AND a.revoked_at IS NULL)",
        [],
        |row| row.get(0),
    )?)
}
