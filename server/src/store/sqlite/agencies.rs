//! Registering agencies (PD) and listing them for Diskominfo's operator.

use super::enrolments;
use crate::agency::{AgencyCode, AgencyName};
use crate::clock::to_stored;
use crate::error::Error;
use crate::region::RegionCode;
use crate::store::agencies::{ListedAgency, NewAgency};
use crate::store::enrolments::IssuedCode;
use rusqlite::{
    params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior,
};
use time::OffsetDateTime;

/// Registers the agency and issues its first enrolment code in one transaction, so an agency
/// never exists without a way to enrol.
pub fn add(
    conn: &mut Connection,
    code: &AgencyCode,
    name: &AgencyName,
    now: OffsetDateTime,
) -> Result<NewAgency, Error> {
    add_in(conn, code, name, None, now)
}

/// [`add`] in `region` (a registered regency or city), or, with `None`, in the hub's only
/// regency or city.
pub fn add_in(
    conn: &mut Connection,
    code: &AgencyCode,
    name: &AgencyName,
    region: Option<&RegionCode>,
    now: OffsetDateTime,
) -> Result<NewAgency, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let region = super::regions::for_new_agency(&tx, region)?;
    let inserted = tx.execute(
        "INSERT INTO agencies (code, name, created_at, region_code) VALUES (?1, ?2, ?3, ?4)",
        params![code.as_str(), name.as_str(), to_stored(now), region],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == ErrorCode::ConstraintViolation =>
        {
            return Err(Error::AgencyCodeTaken(code.as_str().to_owned()));
        }
        other => other?,
    };
    let id = tx.last_insert_rowid();
    let enrolment = enrolments::issue_code(&tx, id, now)?;
    tx.commit()?;
    Ok(NewAgency { id, enrolment })
}

/// All agencies by code, the order an operator scans a list in.
pub fn list(conn: &Connection) -> Result<Vec<ListedAgency>, Error> {
    let mut statement = conn.prepare(
        "SELECT a.id, a.code, a.name,
                EXISTS (SELECT 1 FROM devices d WHERE d.agency_id = a.id AND d.revoked_at IS NULL),
                a.region_code
         FROM agencies a
         ORDER BY a.code",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ListedAgency {
            id: row.get(0)?,
            code: row.get(1)?,
            name: row.get(2)?,
            enrolled: row.get(3)?,
            region: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The id of the agency with this code.
pub fn find_id(conn: &Connection, code: &AgencyCode) -> Result<i64, Error> {
    conn.query_row(
        "SELECT id FROM agencies WHERE code = ?1",
        [code.as_str()],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::AgencyUnknown(code.as_str().to_owned()))
}

/// Revokes every token of the agency and voids its unused enrolment codes, so nothing issued
/// before now speaks for it. Returns how many tokens were revoked.
pub fn revoke(
    conn: &mut Connection,
    code: &AgencyCode,
    now: OffsetDateTime,
) -> Result<usize, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (id, revoked) = revoke_in(&tx, code, now)?;
    tx.execute(
        "UPDATE agencies SET revoked_at = ?2 WHERE id = ?1",
        params![id, to_stored(now)],
    )?;
    tx.commit()?;
    Ok(revoked)
}

/// Issues one more enrolment code for an additional PC of the agency (a field laptop beside
/// the office PC); no PC is revoked. Refused for a revoked agency, which `rotate` brings
/// back.
pub fn issue_additional_code(
    conn: &mut Connection,
    code: &AgencyCode,
    now: OffsetDateTime,
) -> Result<IssuedCode, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = find_id(&tx, code)?;
    let revoked: bool = tx.query_row(
        "SELECT revoked_at IS NOT NULL FROM agencies WHERE id = ?1",
        [id],
        |row| row.get(0),
    )?;
    if revoked {
        return Err(Error::Conflict {
            code: "agency.revoked",
            message: format!(
                "PD {} sudah dicabut. Untuk mengaktifkannya lagi dengan kode baru, gunakan \
                 `medsos-hub agency rotate`.",
                code.as_str()
            ),
        });
    }
    let issued = enrolments::issue_code(&tx, id, now)?;
    tx.commit()?;
    Ok(issued)
}

/// Revokes as [`revoke`] does and issues a fresh enrolment code, in one transaction.
pub fn rotate(
    conn: &mut Connection,
    code: &AgencyCode,
    now: OffsetDateTime,
) -> Result<(usize, IssuedCode), Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (id, revoked) = revoke_in(&tx, code, now)?;
    tx.execute("UPDATE agencies SET revoked_at = NULL WHERE id = ?1", [id])?;
    let issued = enrolments::issue_code(&tx, id, now)?;
    tx.commit()?;
    Ok((revoked, issued))
}

fn revoke_in(
    tx: &Transaction<'_>,
    code: &AgencyCode,
    now: OffsetDateTime,
) -> Result<(i64, usize), Error> {
    let id = find_id(tx, code)?;
    let now = to_stored(now);
    let revoked = tx.execute(
        "UPDATE devices SET revoked_at = ?2 WHERE agency_id = ?1 AND revoked_at IS NULL",
        params![id, now],
    )?;
    tx.execute(
        "UPDATE enrolment_codes SET expires_at = ?2
         WHERE agency_id = ?1 AND used_at IS NULL AND expires_at > ?2",
        params![id, now],
    )?;
    Ok((id, revoked))
}
