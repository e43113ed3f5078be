//! The agencies' official social media accounts (as `sqlite::accounts`). What a PC sends is a
//! claim; only a Diskominfo decision lists an account (`account_listings`), and only listed
//! accounts are published. Where a claim stands is defined once, by the `account_claims` view.
//!
//! Every decision on an account locks the account's key first (a transaction-scoped advisory
//! lock on platform and handle), so two officers on two hub processes deciding the same
//! account take turns, as SQLite's one writer makes them.

use super::devices::instant;
use super::{agencies, PgStore};
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
use postgres::{GenericClient, Transaction};
use std::collections::HashSet;
use time::OffsetDateTime;

/// Takes the account's decision lock for the rest of the transaction.
fn lock_account(tx: &mut Transaction<'_>, platform: Platform, handle: &str) -> Result<(), Error> {
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('account:' || $1 || ':' || $2, 0))",
        &[&platform.as_str(), &handle],
    )?;
    Ok(())
}

/// The agency the account is listed for (approved), if any.
fn listed_owner(
    client: &mut impl GenericClient,
    platform: Platform,
    handle: &str,
) -> Result<Option<ListedOwner>, Error> {
    client
        .query_opt(
            "SELECT l.agency_id, a.code, a.name, l.decided_by, l.decided_at, l.needs_review
             FROM account_listings l JOIN agencies a ON a.id = l.agency_id
             WHERE l.platform = $1 AND l.handle = $2 AND l.state = 'approved'",
            &[&platform.as_str(), &handle],
        )?
        .map(|row| {
            Ok(ListedOwner {
                agency_id: row.try_get(0)?,
                code: row.try_get(1)?,
                name: row.try_get(2)?,
                decided_by: row.try_get(3)?,
                decided_at: instant(&row, 4)?,
                needs_review: row.try_get(5)?,
            })
        })
        .transpose()
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
    tx: &mut Transaction<'_>,
    agency_id: i64,
    platform: Platform,
    handle: &str,
    verified: bool,
    actor: &str,
    at: &str,
) -> Result<Vec<(String, String)>, Error> {
    let row = tx.query_one(
        "SELECT url, display_name FROM account_claims
         WHERE agency_id = $1 AND platform = $2 AND handle = $3",
        &[&agency_id, &platform.as_str(), &handle],
    )?;
    let url: String = row.try_get(0)?;
    let display_name: String = row.try_get(1)?;
    tx.execute(
        "INSERT INTO account_listings
             (agency_id, platform, handle, state, url, display_name, verified, reason,
              decided_by, decided_at, needs_review)
         VALUES ($1, $2, $3, 'approved', $4, $5, $6, NULL, $7, $8, FALSE)
         ON CONFLICT (agency_id, platform, handle) DO UPDATE SET
             state = 'approved', url = excluded.url, display_name = excluded.display_name,
             verified = excluded.verified, reason = NULL, decided_by = excluded.decided_by,
             decided_at = excluded.decided_at, needs_review = FALSE",
        &[
            &agency_id,
            &platform.as_str(),
            &handle,
            &url,
            &display_name,
            &verified,
            &actor,
            &at,
        ],
    )?;
    log_event(
        tx, agency_id, platform, handle, "approve", verified, None, actor, at,
    )?;
    let owner: String = tx
        .query_one("SELECT name FROM agencies WHERE id = $1", &[&agency_id])?
        .try_get(0)?;
    let reason = format!("Diskominfo menetapkan akun ini milik {owner}.");
    let others = tx.query(
        "SELECT x.agency_id, a.code, a.name, x.url, x.display_name FROM account_claims x
         JOIN agencies a ON a.id = x.agency_id
         WHERE x.platform = $1 AND x.handle = $2 AND x.agency_id <> $3 AND x.status = 'menunggu'",
        &[&platform.as_str(), &handle, &agency_id],
    )?;
    let mut refused = Vec::new();
    for row in &others {
        let other: i64 = row.try_get(0)?;
        let code: String = row.try_get(1)?;
        let name: String = row.try_get(2)?;
        let url: String = row.try_get(3)?;
        let display_name: String = row.try_get(4)?;
        tx.execute(
            "INSERT INTO account_listings
                 (agency_id, platform, handle, state, url, display_name, verified, reason,
                  decided_by, decided_at)
             VALUES ($1, $2, $3, 'rejected', $4, $5, FALSE, $6, $7, $8)",
            &[
                &other,
                &platform.as_str(),
                &handle,
                &url,
                &display_name,
                &reason,
                &actor,
                &at,
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
    tx: &mut Transaction<'_>,
    agency_id: i64,
    platform: Platform,
    handle: &str,
    action: &str,
    verified: bool,
    reason: Option<&str>,
    actor: &str,
    at: &str,
) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO account_listing_events
             (agency_id, platform, handle, action, verified, reason, actor, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &agency_id,
            &platform.as_str(),
            &handle,
            &action,
            &verified,
            &reason,
            &actor,
            &at,
        ],
    )?;
    Ok(())
}

/// One claim to an account as [`claimant`] weighs it.
struct Claimant {
    agency_id: i64,
    code: String,
    name: String,
    status: String,
    live: bool,
    active: bool,
    needs_review: bool,
}

/// Which agency's claim a decision is about: the one named, or else the only agency with an
/// undecided claim (or a listing still to review) to the account.
fn claimant(
    tx: &mut Transaction<'_>,
    platform: Platform,
    handle: &str,
    agency: Option<i64>,
) -> Result<(i64, String, String), Error> {
    let claims: Vec<Claimant> = tx
        .query(
            "SELECT x.agency_id, a.code, a.name, x.status, x.live, a.revoked_at IS NULL,
                    x.needs_review
             FROM account_claims x JOIN agencies a ON a.id = x.agency_id
             WHERE x.platform = $1 AND x.handle = $2
             ORDER BY a.code",
            &[&platform.as_str(), &handle],
        )?
        .iter()
        .map(|row| {
            Ok(Claimant {
                agency_id: row.try_get(0)?,
                code: row.try_get(1)?,
                name: row.try_get(2)?,
                status: row.try_get(3)?,
                live: row.try_get(4)?,
                active: row.try_get(5)?,
                needs_review: row.try_get(6)?,
            })
        })
        .collect::<Result<_, Error>>()?;
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
            .find(|c| c.agency_id == id)
            .map(|c| (c.agency_id, c.code, c.name))
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
    let open: Vec<&Claimant> = claims
        .iter()
        .filter(|c| {
            (c.status == "menunggu" && c.live && c.active)
                || (c.status == "resmi" && c.needs_review)
        })
        .collect();
    match open.as_slice() {
        [one] => Ok((one.agency_id, one.code.clone(), one.name.clone())),
        // Nothing waits, but the account is listed: that claim, so the caller answers
        // "already listed" (and how to take it down) rather than "nothing to decide".
        [] if claims.iter().any(|c| c.status == "resmi") => claims
            .iter()
            .find(|c| c.status == "resmi")
            .map(|c| (c.agency_id, c.code.clone(), c.name.clone()))
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
                    .map(|c| format!("{} ({})", c.name, c.code))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// Other agencies (not revoked) with an undecided claim to this account besides
/// `agency_id`, as (code, name).
fn claimed_elsewhere(
    client: &mut impl GenericClient,
    agency_id: i64,
    platform: Platform,
    handle: &str,
) -> Result<Vec<(String, String)>, Error> {
    client
        .query(
            "SELECT a.code, a.name FROM account_claims x
             JOIN agencies a ON a.id = x.agency_id
             WHERE x.platform = $1 AND x.handle = $2 AND x.agency_id <> $3
               AND a.revoked_at IS NULL AND x.live AND x.status = 'menunggu'
             ORDER BY a.code",
            &[&platform.as_str(), &handle, &agency_id],
        )?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

const CLAIM_COLUMNS: &str = "a.id, a.code, a.name, a.revoked_at IS NOT NULL, x.platform, x.handle,
    x.url, x.display_name, x.verified, x.stated_verified, x.verification_requested_on, x.source,
    x.live, x.status, x.reason, x.decided_by, x.decided_at, x.needs_review, x.updated_at";

fn claim_from_row(row: &postgres::Row) -> Result<Option<Claim>, Error> {
    let Some(platform) = Platform::parse(&row.try_get::<_, String>(4)?) else {
        return Ok(None);
    };
    Ok(Some(Claim {
        agency_id: row.try_get(0)?,
        agency_code: row.try_get(1)?,
        agency_name: row.try_get(2)?,
        agency_revoked: row.try_get(3)?,
        platform,
        handle: row.try_get(5)?,
        url: row.try_get(6)?,
        display_name: row.try_get(7)?,
        verified: row.try_get(8)?,
        stated_verified: row.try_get(9)?,
        verification_requested_on: row.try_get(10)?,
        source: row.try_get(11)?,
        live: row.try_get(12)?,
        status: ListingStatus::parse(&row.try_get::<_, String>(13)?)
            .unwrap_or(ListingStatus::Menunggu),
        reason: row.try_get(14)?,
        decided_by: row.try_get(15)?,
        decided_at: instant(row, 16)?,
        needs_review: row.try_get(17)?,
        updated_at: instant(row, 18)?,
    }))
}

impl PgStore {
    /// Records an official account for the agency with `code` (`medsos-hub account add`):
    /// Diskominfo's own record, listed at once. Refused when the agency already has it
    /// listed, or another agency does.
    pub fn add_account(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<OfficialAccount, Error> {
        self.add_account_refusing(code, platform, handle, verified, now)
            .map(|(account, _)| account)
    }

    /// As [`PgStore::add_account`], also answering the other agencies whose waiting claims
    /// to the account the listing refused, as (code, name).
    pub fn add_account_refusing(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<(OfficialAccount, Vec<(String, String)>), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let agency_id = agencies::find_id(&mut tx, code)?;
        lock_account(&mut tx, platform, handle.as_str())?;
        let url = handle.url(platform);
        let at = to_stored(now);
        if let Some(listed) = listed_owner(&mut tx, platform, handle.as_str())? {
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
             VALUES ($1, $2, $3, $4, $5, 'diskominfo', $6, $6)
             ON CONFLICT (agency_id, platform, handle) WHERE source = 'diskominfo' DO NOTHING",
            &[
                &agency_id,
                &platform.as_str(),
                &handle.as_str(),
                &url,
                &verified,
                &at,
            ],
        )?;
        let refused = list_in(
            &mut tx,
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
        &self,
        platform: Platform,
        handle: &str,
    ) -> Result<Option<ListedOwner>, Error> {
        listed_owner(&mut **self.conn()?, platform, handle)
    }

    /// Diskominfo approves an agency's claim (see `sqlite::accounts::approve`).
    pub fn approve_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<Approved, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_account(&mut tx, platform, handle)?;
        let owner = listed_owner(&mut tx, platform, handle)?;
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
        if let Some(owner) = &owner {
            if !owner.needs_review && agency.is_none_or(|id| id == owner.agency_id) {
                return Err(already_listed(owner));
            }
        }
        let (agency_id, code, name) = claimant(&mut tx, platform, handle, agency)?;
        if let Some(owner) = &owner {
            if owner.agency_id != agency_id {
                return Err(listed_elsewhere(platform, handle, owner));
            }
        }
        let refused = list_in(
            &mut tx,
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

    /// Diskominfo refuses an agency's claim, with a reason the agency's admin reads.
    pub fn reject_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error> {
        let reason = check_reason(reason)?;
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_account(&mut tx, platform, handle)?;
        let (agency_id, code, name) = claimant(&mut tx, platform, handle, agency)?;
        let status: String = tx
            .query_one(
                "SELECT status FROM account_claims
                 WHERE agency_id = $1 AND platform = $2 AND handle = $3",
                &[&agency_id, &platform.as_str(), &handle],
            )?
            .try_get(0)?;
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
             SELECT agency_id, platform, handle, 'rejected', url, display_name, FALSE, $4, $5, $6
             FROM account_claims WHERE agency_id = $1 AND platform = $2 AND handle = $3
             ON CONFLICT (agency_id, platform, handle) DO UPDATE SET
                 state = 'rejected', verified = FALSE, reason = excluded.reason,
                 decided_by = excluded.decided_by, decided_at = excluded.decided_at,
                 needs_review = FALSE",
            &[
                &agency_id,
                &platform.as_str(),
                &handle,
                &reason,
                &actor,
                &at,
            ],
        )?;
        log_event(
            &mut tx,
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
    pub fn remove_account(
        &self,
        platform: Platform,
        handle: &str,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error> {
        let reason = check_reason(reason)?;
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_account(&mut tx, platform, handle)?;
        let owner = listed_owner(&mut tx, platform, handle)?.ok_or_else(|| Error::Rejected {
            code: "account.not_listed",
            message: format!(
                "Akun {} @{handle} tidak ada di daftar akun resmi.",
                platform.as_str()
            ),
        })?;
        let at = to_stored(now);
        tx.execute(
            "UPDATE account_listings SET state = 'removed', verified = FALSE, reason = $4,
                 decided_by = $5, decided_at = $6, needs_review = FALSE
             WHERE agency_id = $1 AND platform = $2 AND handle = $3",
            &[
                &owner.agency_id,
                &platform.as_str(),
                &handle,
                &reason,
                &actor,
                &at,
            ],
        )?;
        log_event(
            &mut tx,
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
    pub fn set_account_verified(
        &self,
        platform: Platform,
        handle: &str,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_account(&mut tx, platform, handle)?;
        let Some(owner) = listed_owner(&mut tx, platform, handle)? else {
            return Ok(false);
        };
        let at = to_stored(now);
        let changed = tx.execute(
            "UPDATE account_listings SET verified = $4
             WHERE agency_id = $1 AND platform = $2 AND handle = $3 AND verified <> $4",
            &[&owner.agency_id, &platform.as_str(), &handle, &verified],
        )?;
        if changed > 0 {
            let action = if verified { "verify" } else { "unverify" };
            log_event(
                &mut tx,
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

    /// Replaces what the PC `device_id` of the agency sent before with `accounts`, in one
    /// transaction (see `sqlite::accounts::replace_synced`). The agency's row is locked
    /// first, so two uploads of one agency take turns.
    pub fn replace_synced_accounts(
        &self,
        agency_id: i64,
        device_id: i64,
        accounts: &[CheckedAccount],
        now: OffsetDateTime,
    ) -> Result<AccountListResult, Error> {
        let at = to_stored(now);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute(
            "SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE",
            &[&agency_id],
        )?;
        for (index, account) in accounts.iter().enumerate() {
            if let Some(owner) = listed_owner(&mut tx, account.platform, &account.handle)? {
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
        let keep: HashSet<(&str, &str)> = accounts
            .iter()
            .map(|a| (a.platform.as_str(), a.handle.as_str()))
            .collect();
        let held = tx.query(
            "SELECT id, platform, handle FROM agency_accounts
             WHERE agency_id = $1 AND device_id = $2 AND source = 'pd'",
            &[&agency_id, &device_id],
        )?;
        let mut dropped: Vec<i64> = Vec::new();
        for row in &held {
            let platform: String = row.try_get(1)?;
            let handle: String = row.try_get(2)?;
            if !keep.contains(&(platform.as_str(), handle.as_str())) {
                dropped.push(row.try_get(0)?);
            }
        }
        if !dropped.is_empty() {
            tx.execute(
                "DELETE FROM agency_accounts WHERE id = ANY($1)",
                &[&dropped],
            )?;
        }
        let recorded = tx.prepare(
            "UPDATE agency_accounts SET
                 updated_at = CASE WHEN display_name IS NOT DISTINCT FROM $4
                                        AND verification_requested_on IS NOT DISTINCT FROM $5
                                   THEN updated_at ELSE $6 END,
                 display_name = $4,
                 verification_requested_on = $5
             WHERE agency_id = $1 AND platform = $2 AND handle = $3 AND source = 'diskominfo'",
        )?;
        let synced = tx.prepare(
            "UPDATE agency_accounts SET
                 updated_at = CASE WHEN url IS NOT DISTINCT FROM $5
                                        AND display_name IS NOT DISTINCT FROM $6
                                        AND verified IS NOT DISTINCT FROM $7
                                        AND verification_requested_on IS NOT DISTINCT FROM $8
                                   THEN updated_at ELSE $9 END,
                 url = $5, display_name = $6, verified = $7, verification_requested_on = $8
             WHERE agency_id = $1 AND device_id = $2 AND platform = $3 AND handle = $4
               AND source = 'pd'",
        )?;
        let insert = tx.prepare(
            "INSERT INTO agency_accounts
                 (agency_id, platform, handle, url, display_name, verified,
                  verification_requested_on, source, device_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pd', $8, $9, $9)",
        )?;
        for account in accounts {
            let platform = account.platform.as_str();
            tx.execute(
                &recorded,
                &[
                    &agency_id,
                    &platform,
                    &account.handle,
                    &account.display_name,
                    &account.verification_requested_on,
                    &at,
                ],
            )?;
            let updated = tx.execute(
                &synced,
                &[
                    &agency_id,
                    &device_id,
                    &platform,
                    &account.handle,
                    &account.url,
                    &account.display_name,
                    &account.verified,
                    &account.verification_requested_on,
                    &at,
                ],
            )?;
            if updated == 0 {
                tx.execute(
                    &insert,
                    &[
                        &agency_id,
                        &platform,
                        &account.handle,
                        &account.url,
                        &account.display_name,
                        &account.verified,
                        &account.verification_requested_on,
                        &device_id,
                        &at,
                    ],
                )?;
            }
        }
        let mut conflicts = Vec::new();
        for account in accounts {
            for (code, name) in
                claimed_elsewhere(&mut tx, agency_id, account.platform, &account.handle)?
            {
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
        &self,
        agency_id: i64,
        platform: Platform,
        handle: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        claimed_elsewhere(&mut **self.conn()?, agency_id, platform, handle)
    }

    /// Every claim of every agency, by agency name and code, Instagram first, then handle.
    pub fn account_claims(&self) -> Result<Vec<Claim>, Error> {
        let rows = self.conn()?.query(
            &format!(
                "SELECT {CLAIM_COLUMNS} FROM account_claims x JOIN agencies a ON a.id = x.agency_id
                 ORDER BY a.name, a.code, CASE x.platform WHEN 'instagram' THEN 0 ELSE 1 END,
                          x.handle"
            ),
            &[],
        )?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            found.extend(claim_from_row(row)?);
        }
        Ok(found)
    }

    /// The agency's claims, Instagram first, then by handle.
    pub fn agency_claims(&self, agency_id: i64) -> Result<Vec<Claim>, Error> {
        let rows = self.conn()?.query(
            &format!(
                "SELECT {CLAIM_COLUMNS} FROM account_claims x JOIN agencies a ON a.id = x.agency_id
                 WHERE x.agency_id = $1
                 ORDER BY CASE x.platform WHEN 'instagram' THEN 0 ELSE 1 END, x.handle"
            ),
            &[&agency_id],
        )?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            found.extend(claim_from_row(row)?);
        }
        Ok(found)
    }

    /// `GET /api/v1/accounts`: where each of the agency's claims stands, and the accounts
    /// listed for it that no PC claims any more.
    pub fn agency_account_states(&self, agency_id: i64) -> Result<AccountStates, Error> {
        let rows = self.conn()?.query(
            "SELECT platform, handle, status, verified, reason, decided_at FROM account_claims
             WHERE agency_id = $1
             UNION ALL
             SELECT platform, handle, 'resmi', verified, NULL, decided_at FROM account_listings l
             WHERE agency_id = $1 AND state = 'approved'
               AND NOT EXISTS (SELECT 1 FROM agency_accounts r WHERE r.agency_id = l.agency_id
                                 AND r.platform = l.platform AND r.handle = l.handle)
             ORDER BY 1 DESC, 2",
            &[&agency_id],
        )?;
        let mut accounts = Vec::with_capacity(rows.len());
        for row in &rows {
            let platform: String = row.try_get(0)?;
            let handle: String = row.try_get(1)?;
            let status: String = row.try_get(2)?;
            let verified: bool = row.try_get(3)?;
            let reason: Option<String> = row.try_get(4)?;
            let decided_at: Option<String> = row.try_get(5)?;
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

    /// Every agency not revoked, by code, with the accounts Diskominfo listed for it.
    pub fn public_registry(&self) -> Result<Vec<PublicAgency>, Error> {
        let mut conn = self.conn()?;
        let mut agencies: Vec<PublicAgency> = conn
            .query(
                "SELECT code, name, region_code FROM agencies WHERE revoked_at IS NULL \
                 ORDER BY code",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(PublicAgency {
                    code: row.try_get(0)?,
                    name: row.try_get(1)?,
                    region: row.try_get(2)?,
                    accounts: Vec::new(),
                })
            })
            .collect::<Result<_, Error>>()?;
        let rows = conn.query(
            "SELECT a.code, l.platform, l.handle, l.url, l.display_name, l.verified
             FROM account_listings l JOIN agencies a ON a.id = l.agency_id
             WHERE l.state = 'approved' AND a.revoked_at IS NULL
             ORDER BY a.code, CASE l.platform WHEN 'instagram' THEN 0 ELSE 1 END, l.handle",
            &[],
        )?;
        for row in &rows {
            let code: String = row.try_get(0)?;
            let Some(platform) = Platform::parse(&row.try_get::<_, String>(1)?) else {
                continue;
            };
            // Codes are ordered byte-wise (the columns' "C" collation), as Rust compares.
            if let Ok(i) = agencies.binary_search_by(|a| a.code.as_str().cmp(&code)) {
                agencies[i].accounts.push(Listing {
                    platform,
                    handle: row.try_get(2)?,
                    url: row.try_get(3)?,
                    display_name: row.try_get(4)?,
                    verified: row.try_get(5)?,
                });
            }
        }
        Ok(agencies)
    }

    /// A number that changes whenever what [`PgStore::public_registry`] lists may have
    /// changed, by any hub process (triggers bump it).
    pub fn registry_generation(&self) -> Result<i64, Error> {
        Ok(self
            .conn()?
            .query_one(
                "SELECT generation FROM registry_generation WHERE id = 1",
                &[],
            )?
            .try_get(0)?)
    }

    /// The latest `limit` decisions, newest first.
    pub fn account_history(&self, limit: u32) -> Result<Vec<ListingEvent>, Error> {
        let rows = self.conn()?.query(
            "SELECT a.code, a.name, e.platform, e.handle, e.action, e.verified, e.reason,
                    e.actor, e.at
             FROM account_listing_events e JOIN agencies a ON a.id = e.agency_id
             ORDER BY e.at DESC, e.id DESC LIMIT $1",
            &[&i64::from(limit)],
        )?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(platform) = Platform::parse(&row.try_get::<_, String>(2)?) else {
                continue;
            };
            found.push(ListingEvent {
                agency_code: row.try_get(0)?,
                agency_name: row.try_get(1)?,
                platform,
                handle: row.try_get(3)?,
                action: row.try_get(4)?,
                verified: row.try_get(5)?,
                reason: row.try_get(6)?,
                actor: row.try_get(7)?,
                at: instant(row, 8)?,
            });
        }
        Ok(found)
    }

    /// How many claims wait for Diskominfo (see `Claim::awaits_review`).
    pub fn accounts_awaiting_review(&self) -> Result<i64, Error> {
        Ok(self
            .conn()?
            .query_one(
                "SELECT COUNT(*) FROM account_claims x JOIN agencies a ON a.id = x.agency_id
                 WHERE a.revoked_at IS NULL
                   AND ((x.status = 'menunggu' AND x.live)
                        OR (x.status = 'resmi' AND x.needs_review))",
                &[],
            )?
            .try_get(0)?)
    }

    /// Every listed account, by agency name, Instagram first, then handle.
    pub fn listed_accounts(&self) -> Result<Vec<ListedAccount>, Error> {
        let rows = self.conn()?.query(
            "SELECT l.agency_id, a.code, a.name, a.revoked_at IS NOT NULL, l.platform, l.handle,
                    l.url, l.display_name, l.verified, x.stated_verified, l.decided_by,
                    l.decided_at, l.needs_review
             FROM account_listings l JOIN agencies a ON a.id = l.agency_id
             LEFT JOIN account_claims x
                    ON x.agency_id = l.agency_id AND x.platform = l.platform
                   AND x.handle = l.handle
             WHERE l.state = 'approved'
             ORDER BY a.name, a.code, CASE l.platform WHEN 'instagram' THEN 0 ELSE 1 END,
                      l.handle",
            &[],
        )?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(platform) = Platform::parse(&row.try_get::<_, String>(4)?) else {
                continue;
            };
            found.push(ListedAccount {
                agency_id: row.try_get(0)?,
                agency_code: row.try_get(1)?,
                agency_name: row.try_get(2)?,
                agency_revoked: row.try_get(3)?,
                listing: Listing {
                    platform,
                    handle: row.try_get(5)?,
                    url: row.try_get(6)?,
                    display_name: row.try_get(7)?,
                    verified: row.try_get(8)?,
                },
                stated_verified: row.try_get(9)?,
                decided_by: row.try_get(10)?,
                decided_at: instant(row, 11)?,
                needs_review: row.try_get(12)?,
            });
        }
        Ok(found)
    }
}
