//! Registering agencies (PD) and listing them for Diskominfo's operator.

use super::enrolments::{self, IssuedCode};
use crate::agency::{AgencyCode, AgencyName};
use crate::clock::to_stored;
use crate::error::Error;
use rusqlite::{params, Connection, ErrorCode, TransactionBehavior};
use time::OffsetDateTime;

/// A freshly registered agency with the first code its PC will enrol with.
#[derive(Debug)]
pub struct NewAgency {
    pub id: i64,
    pub enrolment: IssuedCode,
}

/// One line of `medsos-hub agency list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAgency {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Whether at least one PC has enrolled for it.
    pub enrolled: bool,
}

/// Registers the agency and issues its first enrolment code in one transaction, so an agency
/// never exists without a way to enrol.
pub fn add(
    conn: &mut Connection,
    code: &AgencyCode,
    name: &AgencyName,
    now: OffsetDateTime,
) -> Result<NewAgency, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let inserted = tx.execute(
        "INSERT INTO agencies (code, name, created_at) VALUES (?1, ?2, ?3)",
        params![code.as_str(), name.as_str(), to_stored(now)],
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
                EXISTS (SELECT 1 FROM devices d WHERE d.agency_id = a.id)
         FROM agencies a
         ORDER BY a.code",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ListedAgency {
            id: row.get(0)?,
            code: row.get(1)?,
            name: row.get(2)?,
            enrolled: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
