//! The agencies' official social media accounts. What a PC sends is a claim; only a
//! Diskominfo decision lists an account (`account_listings`: approved, rejected or removed,
//! with who, when and why), and only listed accounts are published. Diskominfo's own records
//! (`medsos-hub account add`) are listed at once. Where a claim stands is defined once, by
//! the `account_claims` view (migration 005).

use super::columns::instant_at;
use crate::account::{CheckedAccount, Handle};
use crate::agency::AgencyCode;
use crate::clock::{from_stored, to_stored, to_wire};
use crate::error::Error;
use crate::store::accounts::{
    check_reason, Approved, Claim, ListedAccount, ListedOwner, Listing, ListingEvent, PublicAgency,
    CLI_ACTOR,
};
use medsos_protocol::{
    AccountConflict, AccountListResult, AccountState, AccountStates, ListingStatus,
    OfficialAccount, Platform,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashSet;
use time::OffsetDateTime;

/// Records an official account for the agency with `code` (`medsos-hub account add`):
/// Diskominfo's own record, listed at once, `verified` as Diskominfo confirmed it. Refused
/// when the agency already has it listed, or another agency does.
pub fn add(
    conn: &mut Connection,
    code: &AgencyCode,
    platform: Platform,
    handle: &Handle,
    verified: bool,
    now: OffsetDateTime,
) -> Result<OfficialAccount, Error> {
    add_refusing(conn, code, platform, handle, verified, now).map(|(account, _)| account)
}

/// As [`add`], also answering the other agencies whose waiting claims to the account the
/// listing refused, as (code, name), so the operator is told.
pub fn add_refusing(
    conn: &mut Connection,
    code: &AgencyCode,
    platform: Platform,
    handle: &Handle,
    verified: bool,
    now: OffsetDateTime,
) -> Result<(OfficialAccount, Vec<(String, String)>), Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let agency_id = super::agencies::find_id(&tx, code)?;
    let url = handle.url(platform);
    let at = to_stored(now);
    if let Some(listed) = listed_owner(&tx, platform, handle.as_str())? {
        if listed.agency_id == agency_id {
            return Err(Error::AccountTaken {
                platform: platform.as_str(),
                handle: handle.as_str().to_owned(),
            });
        }
        return Err(listed_elsewhere(platform, handle.as_str(), &listed));
    }
    tx.execute(
        "INSERT INTO agency_accounts
             (agency_id, platform, handle, url, verified, source, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'diskominfo', ?6, ?6)
         ON CONFLICT (agency_id, platform, handle) WHERE source = 'diskominfo' DO NOTHING",
        params![
            agency_id,
            platform.as_str(),
            handle.as_str(),
            url,
            verified,
            at
        ],
    )?;
    let refused = list_in(
        &tx,
        agency_id,
        platform,
        handle.as_str(),
        verified,
        CLI_ACTOR,
        &at,
    )?;
    tx.commit()?;
    Ok((
        OfficialAccount {
            platform,
            handle: handle.as_str().to_owned(),
            url,
            verified,
        },
        refused,
    ))
}

/// The agency the account is listed for (approved), if any.
pub fn listed_owner(
    conn: &Connection,
    platform: Platform,
    handle: &str,
) -> Result<Option<ListedOwner>, Error> {
    Ok(conn
        .prepare_cached(
            "SELECT l.agency_id, a.code, a.name, l.decided_by, l.decided_at, l.needs_review
             FROM account_listings l JOIN agencies a ON a.id = l.agency_id
             WHERE l.platform = ?1 AND l.handle = ?2 AND l.state = 'approved'",
        )?
        .query_row(params![platform.as_str(), handle], |row| {
            Ok(ListedOwner {
                agency_id: row.get(0)?,
                code: row.get(1)?,
                name: row.get(2)?,
                decided_by: row.get(3)?,
                decided_at: instant_at(row, 4)?,
                needs_review: row.get(5)?,
            })
        })
        .optional()?)
}

fn listed_elsewhere(platform: Platform, handle: &str, owner: &ListedOwner) -> Error {
    Error::Conflict {
        code: "account.listed_elsewhere",
        message: listed_elsewhere_message(platform, handle, owner),
    }
}

fn listed_elsewhere_message(platform: Platform, handle: &str, owner: &ListedOwner) -> String {
    format!(
        "Akun {} @{handle} terdaftar resmi milik {} ({}); PD lain tidak dapat mengklaimnya. \
         Bila keliru, Diskominfo menghapus daftar itu dulu.",
        platform.as_str(),
        owner.name,
        owner.code
    )
}

/// Lists the agency's claim as approved (copying the claim's address and name) and logs it;
/// the other agencies' undecided claims to the same account are refused, naming the owner.
fn list_in(
    tx: &Transaction<'_>,
    agency_id: i64,
    platform: Platform,
    handle: &str,
    verified: bool,
    actor: &str,
    at: &str,
) -> Result<Vec<(String, String)>, Error> {
    let (url, display_name): (String, String) = tx.query_row(
        "SELECT url, display_name FROM account_claims
         WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3",
        params![agency_id, platform.as_str(), handle],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    tx.execute(
        "INSERT INTO account_listings
             (agency_id, platform, handle, state, url, display_name, verified, reason,
              decided_by, decided_at, needs_review)
         VALUES (?1, ?2, ?3, 'approved', ?4, ?5, ?6, NULL, ?7, ?8, 0)
         ON CONFLICT (agency_id, platform, handle) DO UPDATE SET
             state = 'approved', url = excluded.url, display_name = excluded.display_name,
             verified = excluded.verified, reason = NULL, decided_by = excluded.decided_by,
             decided_at = excluded.decided_at, needs_review = 0",
        params![
            agency_id,
            platform.as_str(),
            handle,
            url,
            display_name,
            verified,
            actor,
            at
        ],
    )?;
    log_event(
        tx, agency_id, platform, handle, "approve", verified, None, actor, at,
    )?;
    let owner: String = tx.query_row(
        "SELECT name FROM agencies WHERE id = ?1",
        [agency_id],
        |row| row.get(0),
    )?;
    let reason = format!("Diskominfo menetapkan akun ini milik {owner}.");
    let others: Vec<(i64, String, String, String, String)> = tx
        .prepare_cached(
            "SELECT x.agency_id, a.code, a.name, x.url, x.display_name FROM account_claims x
             JOIN agencies a ON a.id = x.agency_id
             WHERE x.platform = ?1 AND x.handle = ?2 AND x.agency_id <> ?3 AND x.status = 'menunggu'",
        )?
        .query_map(params![platform.as_str(), handle, agency_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut refused = Vec::new();
    for (other, code, name, url, display_name) in others {
        tx.execute(
            "INSERT INTO account_listings
                 (agency_id, platform, handle, state, url, display_name, verified, reason,
                  decided_by, decided_at)
             VALUES (?1, ?2, ?3, 'rejected', ?4, ?5, 0, ?6, ?7, ?8)",
            params![
                other,
                platform.as_str(),
                handle,
                url,
                display_name,
                reason,
                actor,
                at
            ],
        )?;
        log_event(
            tx,
            other,
            platform,
            handle,
            "reject",
            false,
            Some(&reason),
            actor,
            at,
        )?;
        refused.push((code, name));
    }
    Ok(refused)
}

#[allow(clippy::too_many_arguments)]
fn log_event(
    tx: &Connection,
    agency_id: i64,
    platform: Platform,
    handle: &str,
    action: &str,
    verified: bool,
    reason: Option<&str>,
    actor: &str,
    at: &str,
) -> Result<(), Error> {
    tx.prepare_cached(
        "INSERT INTO account_listing_events
             (agency_id, platform, handle, action, verified, reason, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        agency_id,
        platform.as_str(),
        handle,
        action,
        verified,
        reason,
        actor,
        at
    ])?;
    Ok(())
}

/// Which agency's claim a decision is about: the one named, or else the only agency with an
/// undecided claim (or a listing still to review) to the account.
fn claimant(
    tx: &Connection,
    platform: Platform,
    handle: &str,
    agency: Option<i64>,
) -> Result<(i64, String, String), Error> {
    let mut statement = tx.prepare_cached(
        "SELECT x.agency_id, a.code, a.name, x.status, x.live, a.revoked_at IS NULL, x.needs_review
         FROM account_claims x JOIN agencies a ON a.id = x.agency_id
         WHERE x.platform = ?1 AND x.handle = ?2
         ORDER BY a.code",
    )?;
    let claims: Vec<(i64, String, String, String, bool, bool, bool)> = statement
        .query_map(params![platform.as_str(), handle], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let nobody = || Error::Rejected {
        code: "account.not_claimed",
        message: format!(
            "Tidak ada PD yang mengklaim akun {} @{handle}. Akun dicatat Diskominfo dengan \
             `medsos-hub account add`, atau dikirim PC PD saat sinkron.",
            platform.as_str()
        ),
    };
    if let Some(id) = agency {
        return claims
            .into_iter()
            .find(|c| c.0 == id)
            .map(|c| (c.0, c.1, c.2))
            .ok_or_else(|| Error::Rejected {
                code: "account.not_claimed",
                message: format!(
                    "PD itu tidak mengklaim akun {} @{handle}.",
                    platform.as_str()
                ),
            });
    }
    if claims.is_empty() {
        return Err(nobody());
    }
    let open: Vec<_> = claims
        .iter()
        .filter(|c| (c.3 == "menunggu" && c.4 && c.5) || (c.3 == "resmi" && c.6))
        .collect();
    match open.as_slice() {
        [one] => Ok((one.0, one.1.clone(), one.2.clone())),
        // Nothing waits, but the account is listed: that claim, so the caller answers
        // "already listed" (and how to take it down) rather than "nothing to decide".
        [] if claims.iter().any(|c| c.3 == "resmi") => claims
            .iter()
            .find(|c| c.3 == "resmi")
            .map(|c| (c.0, c.1.clone(), c.2.clone()))
            .ok_or_else(nobody),
        [] => Err(Error::Rejected {
            code: "account.nothing_to_decide",
            message: format!(
                "Tidak ada klaim akun {} @{handle} yang menunggu keputusan. Untuk mengubah \
                 keputusan, sebutkan PD-nya (--agency KODE).",
                platform.as_str()
            ),
        }),
        many => Err(Error::Rejected {
            code: "account.agency_required",
            message: format!(
                "Akun {} @{handle} diklaim oleh {}: sebutkan PD-nya (--agency KODE).",
                platform.as_str(),
                many.iter()
                    .map(|c| format!("{} ({})", c.2, c.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// Diskominfo approves an agency's claim: the account is listed as that agency's official
/// account, `verified` as Diskominfo confirmed the badge. A listing carried over from before
/// Diskominfo decided listings is confirmed the same way. Refused: an account nobody claims,
/// one already listed (a second approval), one listed for another agency.
pub fn approve(
    conn: &mut Connection,
    platform: Platform,
    handle: &str,
    agency: Option<i64>,
    verified: bool,
    actor: &str,
    now: OffsetDateTime,
) -> Result<Approved, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let owner = listed_owner(&tx, platform, handle)?;
    let already_listed = |owner: &ListedOwner| Error::Conflict {
        code: "account.already_listed",
        message: format!(
            "Akun {} @{handle} sudah resmi milik {} ({}), disetujui oleh {} pada {}.",
            platform.as_str(),
            owner.name,
            owner.code,
            owner.decided_by,
            owner
                .decided_at
                .map(crate::clock::show_wib)
                .unwrap_or_default()
        ),
    };
    // A second approval, with or without the agency named: said so before anything else
    // (without the agency, the listed claim is no longer one "to decide").
    if let Some(owner) = &owner {
        if !owner.needs_review && agency.is_none_or(|id| id == owner.agency_id) {
            return Err(already_listed(owner));
        }
    }
    let (agency_id, code, name) = claimant(&tx, platform, handle, agency)?;
    if let Some(owner) = &owner {
        if owner.agency_id != agency_id {
            return Err(listed_elsewhere(platform, handle, owner));
        }
    }
    let refused = list_in(
        &tx,
        agency_id,
        platform,
        handle,
        verified,
        actor,
        &to_stored(now),
    )?;
    tx.commit()?;
    Ok(Approved {
        agency_code: code,
        agency_name: name,
        refused,
    })
}

/// Diskominfo refuses an agency's claim, with a reason the agency's admin reads. A listed
/// account is taken down with [`remove`], not refused; a claim refused already is refused
/// once.
pub fn reject(
    conn: &mut Connection,
    platform: Platform,
    handle: &str,
    agency: Option<i64>,
    reason: &str,
    actor: &str,
    now: OffsetDateTime,
) -> Result<(String, String), Error> {
    let reason = check_reason(reason)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (agency_id, code, name) = claimant(&tx, platform, handle, agency)?;
    let status: String = tx.query_row(
        "SELECT status FROM account_claims WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3",
        params![agency_id, platform.as_str(), handle],
        |row| row.get(0),
    )?;
    match status.as_str() {
        "resmi" => {
            return Err(Error::Conflict {
                code: "account.already_listed",
                message: format!(
                    "Akun {} @{handle} sudah resmi milik {name} ({code}); untuk menurunkannya, \
                     hapus daftarnya (account remove) dengan alasan.",
                    platform.as_str()
                ),
            })
        }
        "ditolak" => {
            return Err(Error::Conflict {
                code: "account.already_rejected",
                message: format!(
                    "Klaim {name} ({code}) atas akun {} @{handle} sudah ditolak.",
                    platform.as_str()
                ),
            })
        }
        _ => {}
    }
    let at = to_stored(now);
    tx.execute(
        "INSERT INTO account_listings
             (agency_id, platform, handle, state, url, display_name, verified, reason,
              decided_by, decided_at)
         SELECT agency_id, platform, handle, 'rejected', url, display_name, 0, ?4, ?5, ?6
         FROM account_claims WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3
         ON CONFLICT (agency_id, platform, handle) DO UPDATE SET
             state = 'rejected', verified = 0, reason = excluded.reason,
             decided_by = excluded.decided_by, decided_at = excluded.decided_at, needs_review = 0",
        params![agency_id, platform.as_str(), handle, reason, actor, at],
    )?;
    log_event(
        &tx,
        agency_id,
        platform,
        handle,
        "reject",
        false,
        Some(&reason),
        actor,
        &at,
    )?;
    tx.commit()?;
    Ok((code, name))
}

/// Diskominfo takes a listed account down, with a reason: it leaves the registry at once.
pub fn remove(
    conn: &mut Connection,
    platform: Platform,
    handle: &str,
    reason: &str,
    actor: &str,
    now: OffsetDateTime,
) -> Result<(String, String), Error> {
    let reason = check_reason(reason)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let owner = listed_owner(&tx, platform, handle)?.ok_or_else(|| Error::Rejected {
        code: "account.not_listed",
        message: format!(
            "Akun {} @{handle} tidak ada di daftar akun resmi.",
            platform.as_str()
        ),
    })?;
    let at = to_stored(now);
    tx.execute(
        "UPDATE account_listings SET state = 'removed', verified = 0, reason = ?4,
             decided_by = ?5, decided_at = ?6, needs_review = 0
         WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3",
        params![
            owner.agency_id,
            platform.as_str(),
            handle,
            reason,
            actor,
            at
        ],
    )?;
    log_event(
        &tx,
        owner.agency_id,
        platform,
        handle,
        "remove",
        false,
        Some(&reason),
        actor,
        &at,
    )?;
    tx.commit()?;
    Ok((owner.code, owner.name))
}

/// Diskominfo confirms (or withdraws) the platform's verified badge of a listed account.
/// `false` when the account is not listed.
pub fn set_verified(
    conn: &mut Connection,
    platform: Platform,
    handle: &str,
    verified: bool,
    actor: &str,
    now: OffsetDateTime,
) -> Result<bool, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(owner) = listed_owner(&tx, platform, handle)? else {
        return Ok(false);
    };
    let at = to_stored(now);
    let changed = tx.execute(
        "UPDATE account_listings SET verified = ?4
         WHERE agency_id = ?1 AND platform = ?2 AND handle = ?3 AND verified <> ?4",
        params![owner.agency_id, platform.as_str(), handle, verified],
    )?;
    if changed > 0 {
        let action = if verified { "verify" } else { "unverify" };
        log_event(
            &tx,
            owner.agency_id,
            platform,
            handle,
            action,
            verified,
            None,
            actor,
            &at,
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// Replaces what the PC `device_id` of the agency sent before (source 'pd') with `accounts`,
/// in one transaction; what the agency's other PCs sent stays, and the agency's claims are
/// the union of them all. Each account is a claim until Diskominfo decides; one listed for
/// another agency is refused, and then nothing is changed. An account Diskominfo recorded for
/// the agency keeps its record and takes the name and request day sent. A row's
/// `updated_at` moves only when something in it changed, so where two PCs send the same
/// account, the one changed last is shown.
pub fn replace_synced(
    conn: &mut Connection,
    agency_id: i64,
    device_id: i64,
    accounts: &[CheckedAccount],
    now: OffsetDateTime,
) -> Result<AccountListResult, Error> {
    let at = to_stored(now);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (index, account) in accounts.iter().enumerate() {
        if let Some(owner) = listed_owner(&tx, account.platform, &account.handle)? {
            if owner.agency_id != agency_id {
                return Err(Error::Conflict {
                    code: "account.listed_elsewhere",
                    message: format!(
                        "Akun ke-{}: {}",
                        index + 1,
                        listed_elsewhere_message(account.platform, &account.handle, &owner)
                    ),
                });
            }
        }
    }
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
            // A PC's record of the account: kept too where Diskominfo recorded it, so what
            // the agency states about the badge is shown beside Diskominfo's confirmation.
            recorded.execute(params![
                agency_id,
                platform,
                account.handle,
                account.display_name,
                account.verification_requested_on,
                at
            ])?;
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

/// Other agencies (not revoked) with an undecided claim to this account besides
/// `agency_id`, as (code, name).
pub fn claimed_elsewhere(
    conn: &Connection,
    agency_id: i64,
    platform: Platform,
    handle: &str,
) -> Result<Vec<(String, String)>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT a.code, a.name FROM account_claims x
         JOIN agencies a ON a.id = x.agency_id
         WHERE x.platform = ?1 AND x.handle = ?2 AND x.agency_id <> ?3
           AND a.revoked_at IS NULL AND x.live AND x.status = 'menunggu'
         ORDER BY a.code",
    )?;
    let rows = statement.query_map(params![platform.as_str(), handle, agency_id], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const CLAIM_COLUMNS: &str = "a.id, a.code, a.name, a.revoked_at IS NOT NULL, x.platform, x.handle,
    x.url, x.display_name, x.verified, x.stated_verified, x.verification_requested_on, x.source,
    x.live, x.status, x.reason, x.decided_by, x.decided_at, x.needs_review, x.updated_at";

fn claim_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Claim>> {
    let Some(platform) = Platform::parse(&row.get::<_, String>(4)?) else {
        return Ok(None);
    };
    let instant = |i: usize| instant_at(row, i);
    Ok(Some(Claim {
        agency_id: row.get(0)?,
        agency_code: row.get(1)?,
        agency_name: row.get(2)?,
        agency_revoked: row.get(3)?,
        platform,
        handle: row.get(5)?,
        url: row.get(6)?,
        display_name: row.get(7)?,
        verified: row.get(8)?,
        stated_verified: row.get(9)?,
        verification_requested_on: row.get(10)?,
        source: row.get(11)?,
        live: row.get(12)?,
        status: ListingStatus::parse(&row.get::<_, String>(13)?).unwrap_or(ListingStatus::Menunggu),
        reason: row.get(14)?,
        decided_by: row.get(15)?,
        decided_at: instant(16)?,
        needs_review: row.get(17)?,
        updated_at: instant(18)?,
    }))
}

/// Every claim of every agency, by agency name and code, Instagram first, then handle.
pub fn claims(conn: &Connection) -> Result<Vec<Claim>, Error> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {CLAIM_COLUMNS} FROM account_claims x JOIN agencies a ON a.id = x.agency_id
         ORDER BY a.name, a.code, CASE x.platform WHEN 'instagram' THEN 0 ELSE 1 END, x.handle"
    ))?;
    let mut rows = statement.query([])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.extend(claim_from_row(row)?);
    }
    Ok(found)
}

/// The agency's claims, Instagram first, then by handle.
pub fn agency_claims(conn: &Connection, agency_id: i64) -> Result<Vec<Claim>, Error> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {CLAIM_COLUMNS} FROM account_claims x JOIN agencies a ON a.id = x.agency_id
         WHERE x.agency_id = ?1
         ORDER BY CASE x.platform WHEN 'instagram' THEN 0 ELSE 1 END, x.handle"
    ))?;
    let mut rows = statement.query([agency_id])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.extend(claim_from_row(row)?);
    }
    Ok(found)
}

/// `GET /api/v1/accounts`: where each of the agency's claims stands, and the accounts listed
/// for it that no PC claims any more (Diskominfo's listing stands until it is removed).
pub fn agency_states(conn: &Connection, agency_id: i64) -> Result<AccountStates, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT platform, handle, status, verified, reason, decided_at FROM account_claims
         WHERE agency_id = ?1
         UNION ALL
         SELECT platform, handle, 'resmi', verified, NULL, decided_at FROM account_listings l
         WHERE agency_id = ?1 AND state = 'approved'
           AND NOT EXISTS (SELECT 1 FROM agency_accounts r WHERE r.agency_id = l.agency_id
                             AND r.platform = l.platform AND r.handle = l.handle)
         ORDER BY 1 DESC, 2",
    )?;
    let rows = statement.query_map([agency_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, Option<String>>(4)?,
            row.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut accounts = Vec::new();
    for row in rows {
        let (platform, handle, status, verified, reason, decided_at) = row?;
        let (Some(platform), Some(status)) =
            (Platform::parse(&platform), ListingStatus::parse(&status))
        else {
            continue;
        };
        accounts.push(AccountState {
            platform,
            handle,
            status,
            verified: verified && status == ListingStatus::Resmi,
            reason,
            // The API carries whole seconds, `YYYY-MM-DDTHH:MM:SSZ`.
            decided_at: decided_at.map(|at| from_stored(&at).map(to_wire).unwrap_or(at)),
        });
    }
    Ok(AccountStates { accounts })
}

/// Every agency not revoked, by code, with the accounts Diskominfo listed for it: the one
/// source of `/registri`, its check and `GET /api/v1/registry`.
pub fn public_registry(conn: &Connection) -> Result<Vec<PublicAgency>, Error> {
    let mut agencies: Vec<PublicAgency> = Vec::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT code, name, region_code FROM agencies WHERE revoked_at IS NULL ORDER BY code",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PublicAgency {
                code: row.get(0)?,
                name: row.get(1)?,
                region: row.get(2)?,
                accounts: Vec::new(),
            })
        })?;
        for agency in rows {
            agencies.push(agency?);
        }
    }
    let mut statement = conn.prepare_cached(
        "SELECT a.code, l.platform, l.handle, l.url, l.display_name, l.verified
         FROM account_listings l JOIN agencies a ON a.id = l.agency_id
         WHERE l.state = 'approved' AND a.revoked_at IS NULL
         ORDER BY a.code, CASE l.platform WHEN 'instagram' THEN 0 ELSE 1 END, l.handle",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let code: String = row.get(0)?;
        let Some(platform) = Platform::parse(&row.get::<_, String>(1)?) else {
            continue;
        };
        if let Ok(i) = agencies.binary_search_by(|a| a.code.as_str().cmp(&code)) {
            agencies[i].accounts.push(Listing {
                platform,
                handle: row.get(2)?,
                url: row.get(3)?,
                display_name: row.get(4)?,
                verified: row.get(5)?,
            });
        }
    }
    Ok(agencies)
}

/// A number that changes whenever what [`public_registry`] lists may have changed, by any
/// connection (triggers in `006_registry_generation.sql` bump it).
pub fn registry_generation(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT generation FROM registry_generation WHERE id = 1",
        [],
        |row| row.get(0),
    )?)
}

/// The latest `limit` decisions, newest first.
pub fn history(conn: &Connection, limit: u32) -> Result<Vec<ListingEvent>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT a.code, a.name, e.platform, e.handle, e.action, e.verified, e.reason, e.actor, e.at
         FROM account_listing_events e JOIN agencies a ON a.id = e.agency_id
         ORDER BY e.at DESC, e.id DESC LIMIT ?1",
    )?;
    let mut rows = statement.query([limit])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let Some(platform) = Platform::parse(&row.get::<_, String>(2)?) else {
            continue;
        };
        found.push(ListingEvent {
            agency_code: row.get(0)?,
            agency_name: row.get(1)?,
            platform,
            handle: row.get(3)?,
            action: row.get(4)?,
            verified: row.get(5)?,
            reason: row.get(6)?,
            actor: row.get(7)?,
            at: instant_at(row, 8)?,
        });
    }
    Ok(found)
}

/// How many claims wait for Diskominfo (see [`Claim::awaits_review`]).
pub fn count_awaiting_review(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM account_claims x JOIN agencies a ON a.id = x.agency_id
         WHERE a.revoked_at IS NULL
           AND ((x.status = 'menunggu' AND x.live) OR (x.status = 'resmi' AND x.needs_review))",
        [],
        |row| row.get(0),
    )?)
}

/// Every listed account, by agency name, Instagram first, then handle.
pub fn listed(conn: &Connection) -> Result<Vec<ListedAccount>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT l.agency_id, a.code, a.name, a.revoked_at IS NOT NULL, l.platform, l.handle,
                l.url, l.display_name, l.verified, x.stated_verified, l.decided_by,
                l.decided_at, l.needs_review
         FROM account_listings l JOIN agencies a ON a.id = l.agency_id
         LEFT JOIN account_claims x
                ON x.agency_id = l.agency_id AND x.platform = l.platform AND x.handle = l.handle
         WHERE l.state = 'approved'
         ORDER BY a.name, a.code, CASE l.platform WHEN 'instagram' THEN 0 ELSE 1 END, l.handle",
    )?;
    let mut rows = statement.query([])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let Some(platform) = Platform::parse(&row.get::<_, String>(4)?) else {
            continue;
        };
        found.push(ListedAccount {
            agency_id: row.get(0)?,
            agency_code: row.get(1)?,
            agency_name: row.get(2)?,
            agency_revoked: row.get(3)?,
            listing: Listing {
                platform,
                handle: row.get(5)?,
                url: row.get(6)?,
                display_name: row.get(7)?,
                verified: row.get(8)?,
            },
            stated_verified: row.get(9)?,
            decided_by: row.get(10)?,
            decided_at: instant_at(row, 11)?,
            needs_review: row.get(12)?,
        });
    }
    Ok(found)
}
