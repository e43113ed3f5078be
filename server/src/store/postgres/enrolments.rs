//! Enrolment (pendaftaran perangkat): an agency's PC trades a one-time code for a device
//! token. Only hashes of either are written (as `sqlite::enrolments`).

use super::PgStore;
use crate::clock::to_stored;
use crate::credentials::{DeviceToken, EnrolmentCode, ENROLMENT_CODE_LIFETIME};
use crate::device::DeviceName;
use crate::error::Error;
use crate::store::enrolments::{Enrolled, IssuedCode};
use postgres::{GenericClient, Transaction};
use time::OffsetDateTime;

/// Issues a new code for the agency, valid for [`ENROLMENT_CODE_LIFETIME`] from `now`.
pub(crate) fn issue_code(
    client: &mut impl GenericClient,
    agency_id: i64,
    now: OffsetDateTime,
) -> Result<IssuedCode, Error> {
    let code = EnrolmentCode::generate();
    let expires_at = now + ENROLMENT_CODE_LIFETIME;
    client.execute(
        "INSERT INTO enrolment_codes (agency_id, code_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
        &[
            &agency_id,
            &code.hash(),
            &to_stored(now),
            &to_stored(expires_at),
        ],
    )?;
    Ok(IssuedCode { code, expires_at })
}

impl PgStore {
    /// Uses up the code and records the PC, or refuses with one answer for unknown, used and
    /// expired codes. The `used_at IS NULL` guard of the one UPDATE makes a second use fail
    /// even from another hub process: PostgreSQL re-checks it on the locked row.
    ///
    /// A PC naming a store (`installation_id`) enrolled for the agency before carries on as
    /// the new PC (see `sqlite::enrolments::redeem`).
    pub fn redeem_enrolment(
        &self,
        code: &EnrolmentCode,
        device: &DeviceName,
        installation_id: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Enrolled, Error> {
        let now = to_stored(now);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let row = tx
            .query_opt(
                "UPDATE enrolment_codes SET used_at = $1
                 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1
                 RETURNING id, agency_id",
                &[&now, &code.hash()],
            )?
            .ok_or(Error::EnrolmentCodeRejected)?;
        let code_id: i64 = row.try_get(0)?;
        let agency_id: i64 = row.try_get(1)?;
        let token = DeviceToken::generate();
        let device_id: i64 = tx
            .query_one(
                "INSERT INTO devices (agency_id, enrolment_code_id, name, token_hash, enrolled_at,
                                      installation_id)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 RETURNING id",
                &[
                    &agency_id,
                    &code_id,
                    &device.as_str(),
                    &token.hash(),
                    &now,
                    &installation_id,
                ],
            )?
            .try_get(0)?;
        if let Some(installation) = installation_id {
            carry_on(&mut tx, agency_id, device_id, installation, &now)?;
        }
        tx.commit()?;
        Ok(Enrolled { agency_id, token })
    }
}

/// Moves what the agency's earlier enrolments of the same store hold to `device_id`, oldest
/// first so the newest copy of a day wins, revokes those still active, and adds the days up
/// again where two of them held the same day.
fn carry_on(
    tx: &mut Transaction<'_>,
    agency_id: i64,
    device_id: i64,
    installation_id: &str,
    now: &str,
) -> Result<(), Error> {
    let earlier: Vec<i64> = tx
        .query(
            "SELECT id FROM devices WHERE agency_id = $1 AND installation_id = $2 AND id <> $3
             ORDER BY id",
            &[&agency_id, &installation_id, &device_id],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    if earlier.is_empty() {
        return Ok(());
    }
    // Ingest of this agency waits (it locks the agency row first too).
    tx.execute(
        "SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE",
        &[&agency_id],
    )?;
    let mut days: Vec<String> = Vec::new();
    for old in &earlier {
        for row in tx.query("SELECT day FROM summaries WHERE device_id = $1", &[old])? {
            days.push(row.try_get(0)?);
        }
        // SQLite's UPDATE OR REPLACE: a day the new PC holds already is replaced by the
        // moved one.
        tx.execute(
            "DELETE FROM summaries n
             WHERE n.agency_id = $3 AND n.device_id = $2
               AND EXISTS (SELECT 1 FROM summaries o
                           WHERE o.agency_id = $3 AND o.device_id = $1 AND o.day = n.day)",
            &[old, &device_id, &agency_id],
        )?;
        tx.execute(
            "UPDATE summaries SET device_id = $2 WHERE agency_id = $3 AND device_id = $1",
            &[old, &device_id, &agency_id],
        )?;
        // SQLite's UPDATE OR IGNORE: an account the new PC lists already stays with the old.
        tx.execute(
            "UPDATE agency_accounts o SET device_id = $2
             WHERE o.device_id = $1 AND o.source = 'pd'
               AND NOT EXISTS (SELECT 1 FROM agency_accounts n
                               WHERE n.device_id = $2 AND n.source = 'pd'
                                 AND n.platform = o.platform AND n.handle = o.handle)",
            &[old, &device_id],
        )?;
        tx.execute(
            "UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[old, &now],
        )?;
    }
    tx.execute(
        "UPDATE devices SET last_sync_at = (SELECT MAX(last_sync_at) FROM devices
                                            WHERE id = ANY($2))
         WHERE id = $1",
        &[&device_id, &earlier],
    )?;
    days.sort_unstable();
    days.dedup();
    for day in &days {
        super::summaries::refresh_facts(tx, agency_id, day)?;
    }
    Ok(())
}
