//! Enrolment (pendaftaran perangkat): an agency's PC trades a one-time code for a device
//! token. Only hashes of either are written.

use crate::clock::to_stored;
use crate::credentials::{DeviceToken, EnrolmentCode, ENROLMENT_CODE_LIFETIME};
use crate::device::DeviceName;
use crate::error::Error;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

/// A code to hand to the agency's admin; the hub cannot show it again.
#[derive(Debug)]
pub struct IssuedCode {
    pub code: EnrolmentCode,
    pub expires_at: OffsetDateTime,
}

/// A PC that has just enrolled, with the token to give it once.
#[derive(Debug)]
pub struct Enrolled {
    pub agency_id: i64,
    pub token: DeviceToken,
}

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
pub fn redeem(
    conn: &mut Connection,
    code: &EnrolmentCode,
    device: &DeviceName,
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
        "INSERT INTO devices (agency_id, enrolment_code_id, name, token_hash, enrolled_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![agency_id, code_id, device.as_str(), token.hash(), now],
    )?;
    tx.commit()?;
    Ok(Enrolled { agency_id, token })
}
