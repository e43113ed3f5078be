//! The agency's official accounts, one per platform and handle, and the steps of Meta's
//! verification request for each.

use super::fields::{check_day, parse_platform, read_handle_and_url};
use crate::calendar::wib;
use crate::clock::{to_stored, Clock};
use crate::drafts::Platform;
use crate::error::{Error, Result};
use crate::store::savepoint;
use medsos_protocol::{AgencyAccount, OfficialAccountCounts, MAX_ACCOUNTS_PER_AGENCY};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the admin types in the account form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountInput {
    pub platform: Platform,
    /// `@dinkescianjur`, `dinkescianjur`, or empty when `url` is given.
    pub handle: String,
    /// The profile address; may be empty (it is then made from the handle).
    pub url: String,
    pub display_name: String,
    pub verified: bool,
    pub admin_responsible: String,
}

/// The steps of Meta's verification request, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStep {
    /// Lengkapi profil & foto.
    Profil,
    /// Aktifkan autentikasi dua faktor.
    DuaFaktor,
    /// Ajukan verifikasi di Pusat Akun Meta (its day is `verification_requested_on`).
    Ajukan,
    /// Meta granted the badge.
    Terverifikasi,
    /// Meta refused; the request may be made again.
    Ditolak,
}

pub const STEPS: [VerificationStep; 5] = [
    VerificationStep::Profil,
    VerificationStep::DuaFaktor,
    VerificationStep::Ajukan,
    VerificationStep::Terverifikasi,
    VerificationStep::Ditolak,
];

impl VerificationStep {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStep::Profil => "profil",
            VerificationStep::DuaFaktor => "dua_faktor",
            VerificationStep::Ajukan => "ajukan",
            VerificationStep::Terverifikasi => "terverifikasi",
            VerificationStep::Ditolak => "ditolak",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        STEPS.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StepState {
    pub step: VerificationStep,
    /// `YYYY-MM-DD`, when done.
    pub done_on: Option<String>,
}

/// An official account as the Akun Resmi screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficialAccount {
    #[ts(type = "number")]
    pub id: i64,
    pub platform: Platform,
    /// Normal form, without `@`.
    pub handle: String,
    pub url: String,
    pub display_name: String,
    pub verified: bool,
    pub verification_requested_on: Option<String>,
    pub admin_responsible: String,
    pub updated_at: String,
    /// Every step, in order, with its day when done.
    pub steps: Vec<StepState>,
    /// "menunggu keputusan": requested, neither verified nor refused.
    pub awaiting_decision: bool,
}

/// Whether the agency has the Instagram and Facebook accounts it must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Requirement {
    pub has_instagram: bool,
    pub has_facebook: bool,
    pub instagram_verified: bool,
    pub facebook_verified: bool,
}

/// An account the hub says another agency also claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountConflictView {
    pub platform: Platform,
    pub handle: String,
    pub other_agency_code: String,
    pub other_agency_name: String,
}

fn from_row(r: &Row) -> rusqlite::Result<OfficialAccount> {
    let platform: String = r.get(1)?;
    Ok(OfficialAccount {
        id: r.get(0)?,
        platform: parse_platform(&platform),
        handle: r.get(2)?,
        url: r.get(3)?,
        display_name: r.get(4)?,
        verified: r.get::<_, i64>(5)? == 1,
        verification_requested_on: r.get(6)?,
        admin_responsible: r.get(7)?,
        updated_at: r.get(8)?,
        steps: Vec::new(),
        awaiting_decision: false,
    })
}

const COLUMNS: &str = "id, platform, handle, url, display_name, verified,
    verification_requested_on, admin_responsible, updated_at";

fn with_steps(conn: &Connection, mut account: OfficialAccount) -> Result<OfficialAccount> {
    let mut stmt = conn.prepare_cached(
        "SELECT step, done_on FROM account_verification_steps WHERE account_id = ?1",
    )?;
    let done: Vec<(String, String)> = stmt
        .query_map([account.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    account.steps = STEPS
        .iter()
        .map(|s| StepState {
            step: *s,
            done_on: done
                .iter()
                .find(|(k, _)| VerificationStep::parse(k) == Some(*s))
                .map(|(_, d)| d.clone()),
        })
        .collect();
    let is_done = |s: VerificationStep| {
        account
            .steps
            .iter()
            .any(|x| x.step == s && x.done_on.is_some())
    };
    account.awaiting_decision = account.verification_requested_on.is_some()
        && !account.verified
        && !is_done(VerificationStep::Ditolak);
    Ok(account)
}

/// Every account, Instagram first, then by handle.
pub fn list(conn: &Connection) -> Result<Vec<OfficialAccount>> {
    let accounts: Vec<OfficialAccount> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM official_accounts ORDER BY platform DESC, handle"
        ))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    accounts.into_iter().map(|a| with_steps(conn, a)).collect()
}

pub fn get(conn: &Connection, id: i64) -> Result<OfficialAccount> {
    let account = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM official_accounts WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Akun resmi" })?;
    with_steps(conn, account)
}

struct Valid {
    handle: String,
    url: String,
    display_name: String,
    admin_responsible: String,
}

fn validate(conn: &Connection, input: &AccountInput, except: Option<i64>) -> Result<Valid> {
    let (handle, url) = read_handle_and_url(input.platform, &input.handle, &input.url)?;
    let display_name = input.display_name.trim().to_string();
    let n = display_name.chars().count();
    if n == 0 {
        return Err(Error::invalid(
            "display_name",
            "Isi nama yang tampil di profil, mis. Dinas Kesehatan Kab. Cianjur.",
        ));
    }
    if n > 100 || display_name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "display_name",
            "Nama tampilan paling banyak 100 karakter, tanpa baris baru.",
        ));
    }
    let admin_responsible = input.admin_responsible.trim().to_string();
    if admin_responsible.chars().count() > 120 || admin_responsible.chars().any(char::is_control) {
        return Err(Error::invalid(
            "admin_responsible",
            "Nama penanggung jawab paling banyak 120 karakter.",
        ));
    }
    let duplicate: Option<i64> = conn
        .query_row(
            "SELECT id FROM official_accounts WHERE platform = ?1 AND handle = ?2",
            params![input.platform.as_str(), handle],
            |r| r.get(0),
        )
        .optional()?;
    if duplicate.is_some() && duplicate != except {
        return Err(Error::invalid(
            "handle",
            format!(
                "Akun @{handle} di {} sudah tercatat.",
                input.platform.label()
            ),
        ));
    }
    Ok(Valid {
        handle,
        url,
        display_name,
        admin_responsible,
    })
}

/// Records a new official account. Nothing is written when a field is wrong; the error
/// names the field.
pub fn create(
    conn: &Connection,
    clock: &dyn Clock,
    input: &AccountInput,
) -> Result<OfficialAccount> {
    let tx = savepoint(conn)?;
    let v = validate(&tx, input, None)?;
    let count: i64 = tx.query_row("SELECT count(*) FROM official_accounts", [], |r| r.get(0))?;
    if count as usize >= MAX_ACCOUNTS_PER_AGENCY {
        return Err(Error::invalid(
            "handle",
            format!("Paling banyak {MAX_ACCOUNTS_PER_AGENCY} akun resmi per instansi."),
        ));
    }
    let now = to_stored(clock.now());
    tx.execute(
        "INSERT INTO official_accounts (platform, handle, url, display_name, verified,
             admin_responsible, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            input.platform.as_str(),
            v.handle,
            v.url,
            v.display_name,
            input.verified,
            v.admin_responsible,
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    if input.verified {
        let today = wib::format_day(wib::today(clock.now()));
        tx.execute(
            "INSERT INTO account_verification_steps (account_id, step, done_on) VALUES (?1, 'terverifikasi', ?2)",
            params![id, today],
        )?;
    }
    let account = get(&tx, id)?;
    tx.finish()?;
    Ok(account)
}

pub fn update(
    conn: &Connection,
    clock: &dyn Clock,
    id: i64,
    input: &AccountInput,
) -> Result<OfficialAccount> {
    let tx = savepoint(conn)?;
    let before = get(&tx, id)?;
    let v = validate(&tx, input, Some(id))?;
    tx.execute(
        "UPDATE official_accounts SET platform = ?2, handle = ?3, url = ?4, display_name = ?5,
             verified = ?6, admin_responsible = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            id,
            input.platform.as_str(),
            v.handle,
            v.url,
            v.display_name,
            input.verified,
            v.admin_responsible,
            to_stored(clock.now())
        ],
    )?;
    if input.verified && !before.verified {
        let today = wib::format_day(wib::today(clock.now()));
        tx.execute(
            "INSERT OR IGNORE INTO account_verification_steps (account_id, step, done_on) VALUES (?1, 'terverifikasi', ?2)",
            params![id, today],
        )?;
        tx.execute(
            "DELETE FROM account_verification_steps WHERE account_id = ?1 AND step = 'ditolak'",
            [id],
        )?;
    } else if !input.verified && before.verified {
        tx.execute(
            "DELETE FROM account_verification_steps WHERE account_id = ?1 AND step = 'terverifikasi'",
            [id],
        )?;
    }
    let account = get(&tx, id)?;
    tx.finish()?;
    Ok(account)
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM official_accounts WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { what: "Akun resmi" });
    }
    Ok(())
}

/// Marks a verification step done on `done_on` (`YYYY-MM-DD`), or not done (`None`).
/// "Ajukan" sets the day verification was requested (and clears an earlier refusal, since
/// the request was made again); "terverifikasi" sets the badge; "ditolak" clears it.
pub fn set_step(
    conn: &Connection,
    clock: &dyn Clock,
    id: i64,
    step: VerificationStep,
    done_on: Option<&str>,
) -> Result<OfficialAccount> {
    let tx = savepoint(conn)?;
    get(&tx, id)?;
    let day = done_on.map(|d| check_day("done_on", d)).transpose()?;
    let today = wib::format_day(wib::today(clock.now()));
    if day.as_deref().is_some_and(|d| d > today.as_str()) {
        return Err(Error::invalid(
            "done_on",
            "Tanggal langkah tidak boleh sesudah hari ini.",
        ));
    }
    match &day {
        Some(d) => {
            tx.execute(
                "INSERT INTO account_verification_steps (account_id, step, done_on)
                 VALUES (?1, ?2, ?3)
                 ON CONFLICT (account_id, step) DO UPDATE SET done_on = excluded.done_on",
                params![id, step.as_str(), d],
            )?;
        }
        None => {
            tx.execute(
                "DELETE FROM account_verification_steps WHERE account_id = ?1 AND step = ?2",
                params![id, step.as_str()],
            )?;
        }
    }
    let now = to_stored(clock.now());
    match (step, &day) {
        (VerificationStep::Ajukan, d) => {
            tx.execute(
                "UPDATE official_accounts SET verification_requested_on = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, d, now],
            )?;
            if d.is_some() {
                tx.execute(
                    "DELETE FROM account_verification_steps WHERE account_id = ?1 AND step = 'ditolak'",
                    [id],
                )?;
            }
        }
        (VerificationStep::Terverifikasi, d) => {
            tx.execute(
                "UPDATE official_accounts SET verified = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, d.is_some(), now],
            )?;
            if d.is_some() {
                tx.execute(
                    "DELETE FROM account_verification_steps WHERE account_id = ?1 AND step = 'ditolak'",
                    [id],
                )?;
            }
        }
        (VerificationStep::Ditolak, Some(_)) => {
            tx.execute(
                "UPDATE official_accounts SET verified = 0, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            tx.execute(
                "DELETE FROM account_verification_steps WHERE account_id = ?1 AND step = 'terverifikasi'",
                [id],
            )?;
        }
        // Clearing "ditolak" puts a requested account back among those awaiting Meta's
        // decision: today's summary counts change, so mark the day (the update trigger).
        (VerificationStep::Ditolak, None) => {
            tx.execute(
                "UPDATE official_accounts SET updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
        }
        _ => {}
    }
    let account = get(&tx, id)?;
    tx.finish()?;
    Ok(account)
}

pub fn requirement(accounts: &[OfficialAccount]) -> Requirement {
    let has = |p: Platform| accounts.iter().any(|a| a.platform == p);
    let verified = |p: Platform| accounts.iter().any(|a| a.platform == p && a.verified);
    Requirement {
        has_instagram: has(Platform::Instagram),
        has_facebook: has(Platform::Facebook),
        instagram_verified: verified(Platform::Instagram),
        facebook_verified: verified(Platform::Facebook),
    }
}

/// The accounts by verification state, as they are now: the summary of any day carries the
/// state at send time, not the state on that day.
pub fn account_counts(conn: &Connection) -> Result<OfficialAccountCounts> {
    let mut counts = OfficialAccountCounts::default();
    for a in list(conn)? {
        if a.verified {
            counts.verified += 1;
        } else if a.awaiting_decision {
            counts.pending += 1;
        } else {
            counts.unverified += 1;
        }
    }
    Ok(counts)
}

/// The list to send and the change it answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAccounts {
    pub accounts: Vec<AgencyAccount>,
    pub change_seq: i64,
}

/// The whole account list when it changed since the hub last acknowledged it.
pub fn accounts_to_send(conn: &Connection) -> Result<Option<PendingAccounts>> {
    let (change_seq, sent_seq): (i64, i64) = conn.query_row(
        "SELECT change_seq, sent_seq FROM accounts_outbox WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if change_seq == sent_seq {
        return Ok(None);
    }
    let accounts = list(conn)?
        .into_iter()
        .map(|a| AgencyAccount {
            platform: a.platform,
            handle: a.handle,
            url: a.url,
            display_name: a.display_name,
            verified: a.verified,
            verification_requested_on: a.verification_requested_on,
        })
        .collect();
    Ok(Some(PendingAccounts {
        accounts,
        change_seq,
    }))
}

/// Records the hub's acknowledgement of the list sent at `change_seq` and the conflicts it
/// reported; a change made during the send keeps the list pending.
pub fn mark_accounts_sent(
    conn: &Connection,
    clock: &dyn Clock,
    change_seq: i64,
    conflicts: &[medsos_protocol::AccountConflict],
) -> Result<()> {
    let views: Vec<AccountConflictView> = conflicts
        .iter()
        .map(|c| AccountConflictView {
            platform: c.platform,
            handle: c.handle.clone(),
            other_agency_code: c.other_agency_code.clone(),
            other_agency_name: c.other_agency_name.clone(),
        })
        .collect();
    conn.execute(
        "UPDATE accounts_outbox SET sent_seq = MAX(sent_seq, ?1), sent_at = ?2, conflicts = ?3
         WHERE id = 1",
        params![
            change_seq,
            to_stored(clock.now()),
            serde_json::to_string(&views).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    Ok(())
}

/// The conflicts the hub reported at the last send.
pub fn conflicts(conn: &Connection) -> Result<Vec<AccountConflictView>> {
    let json: String = conn.query_row(
        "SELECT conflicts FROM accounts_outbox WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&json).unwrap_or_default())
}
