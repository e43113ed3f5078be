//! Enrolment (pendaftaran perangkat): an agency's PC trades a one-time code for a device
//! token. Only hashes of either are written.

use crate::clock::to_stored;
use crate::credentials::{DeviceToken, EnrolmentCode, ENROLMENT_CODE_LIFETIME};
use crate::device::DeviceName;
use crate::error::Error;
use crate::store::enrolments::{Enrolled, IssuedCode};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

/// Issues a new code for the agency, valid for [`ENROLMENT_CODE_LIFETIME`] from `now`.
pub fn issue_code(
    conn: &Connection,
    agency_id: i64,
    now: OffsetDateTime,
) -> Result<IssuedCode, Error> {
    let code = EnrolmentCode::generate();
    let expires_at = now + ENROLMENT_CODE_LIFETIME;
    conn.execute(
        "INSERT INTO enrolment_codes (agency_id, code_hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            agency_id,
            code.hash(),
            to_stored(now),
            to_stored(expires_at)
        ],
    )?;
    Ok(IssuedCode { code, expires_at })
}

/// Uses up the code and records the PC, or refuses with one answer for unknown, used and
/// expired codes. Marking the code used and recording the PC happen in one transaction, and
/// the `used_at IS NULL` guard makes a second use fail even from another process.
///
/// A PC that names the store it runs on (`installation_id`) and was enrolled for the agency
/// before carries on as the new PC: its earlier summaries and account claims move to the new
/// enrolment (so the days it sends again replace them rather than count twice), and the
/// earlier enrolment, if still active, is revoked: one store is one PC.
pub fn redeem(
    conn: &mut Connection,
    code: &EnrolmentCode,
    device: &DeviceName,
    installation_id: Option<&str>,
    now: OffsetDateTime,
) -> Result<Enrolled, Error> {
    let now = to_stored(now);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (code_id, agency_id): (i64, i64) = tx
        .query_row(
            "UPDATE enrolment_codes SET used_at = ?1
             WHERE code_hash = ?2 AND used_at IS NULL AND expires_at > ?1
             RETURNING id, agency_id",
            params![now, code.hash()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .ok_or(Error::EnrolmentCodeRejected)?;
    let token = DeviceToken::generate();
    tx.execute(
        "INSERT INTO devices (agency_id, enrolment_code_id, name, token_hash, enrolled_at,
                              installation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            agency_id,
            code_id,
            device.as_str(),
            token.hash(),
            now,
            installation_id
        ],
    )?;
    let device_id = tx.last_insert_rowid();
    if let Some(installation) = installation_id {
        carry_on(&tx, agency_id, device_id, installation, &now)?;
    }
    tx.commit()?;
    Ok(Enrolled { agency_id, token })
}

/// Moves what the agency's earlier enrolments of the same store hold to `device_id`, oldest
/// first so the newest copy of a day wins, revokes those still active, and adds the days up
/// again where two of them held the same day.
fn carry_on(
    tx: &Connection,
    agency_id: i64,
    device_id: i64,
    installation_id: &str,
    now: &str,
) -> Result<(), Error> {
    let earlier: Vec<i64> = tx
        .prepare_cached(
            "SELECT id FROM devices WHERE agency_id = ?1 AND installation_id = ?2 AND id <> ?3
             ORDER BY id",
        )?
        .query_map(params![agency_id, installation_id, device_id], |row| {
            row.get(0)
        })?
        .collect::<Result<_, _>>()?;
    if earlier.is_empty() {
        return Ok(());
    }
    let mut days: Vec<String> = Vec::new();
    for old in &earlier {
        let mut held = tx.prepare_cached("SELECT day FROM summaries WHERE device_id = ?1")?;
        for day in held.query_map([old], |row| row.get::<_, String>(0))? {
            days.push(day?);
        }
        tx.execute(
            "UPDATE OR REPLACE summaries SET device_id = ?2 WHERE agency_id = ?3 AND device_id = ?1",
            params![old, device_id, agency_id],
        )?;
        tx.execute(
            "UPDATE OR IGNORE agency_accounts SET device_id = ?2 WHERE device_id = ?1 AND source = 'pd'",
            params![old, device_id],
        )?;
        tx.execute(
            "UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![old, now],
        )?;
    }
    tx.execute(
        "UPDATE devices SET last_sync_at = (SELECT MAX(last_sync_at) FROM devices
                                            WHERE id IN (SELECT value FROM json_each(?2)))
         WHERE id = ?1",
        params![
            device_id,
            serde_json::to_string(&earlier).unwrap_or_else(|_| "[]".to_owned())
        ],
    )?;
    days.sort_unstable();
    days.dedup();
    for day in &days {
        super::summaries::refresh_facts(tx, agency_id, day)?;
    }
    Ok(())
}
