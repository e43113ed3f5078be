//! Registering agencies (PD) and listing them for Diskominfo's operator (as
//! `sqlite::agencies`).

use super::{enrolments, violates, PgStore};
use crate::agency::{AgencyCode, AgencyName};
use crate::clock::to_stored;
use crate::error::Error;
use crate::region::RegionCode;
use crate::store::agencies::{ListedAgency, NewAgency};
use crate::store::enrolments::IssuedCode;
use postgres::error::SqlState;
use postgres::{GenericClient, Transaction};
use time::OffsetDateTime;

impl PgStore {
    /// Registers the agency and issues its first enrolment code in one transaction, so an
    /// agency never exists without a way to enrol.
    pub fn add_agency(
        &self,
        code: &AgencyCode,
        name: &AgencyName,
        now: OffsetDateTime,
    ) -> Result<NewAgency, Error> {
        self.add_agency_in(code, name, None, now)
    }

    /// [`PgStore::add_agency`] in `region` (a registered regency or city), or, with `None`, in
    /// the hub's only regency or city.
    pub fn add_agency_in(
        &self,
        code: &AgencyCode,
        name: &AgencyName,
        region: Option<&RegionCode>,
        now: OffsetDateTime,
    ) -> Result<NewAgency, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let region = super::regions::for_new_agency(&mut tx, region)?;
        let inserted = tx.query_one(
            "INSERT INTO agencies (code, name, created_at, region_code) VALUES ($1, $2, $3, $4) \
             RETURNING id",
            &[&code.as_str(), &name.as_str(), &to_stored(now), &region],
        );
        let id: i64 = match inserted {
            Err(e) if violates(&e, &SqlState::UNIQUE_VIOLATION) => {
                return Err(Error::AgencyCodeTaken(code.as_str().to_owned()));
            }
            other => other?.try_get(0)?,
        };
        let enrolment = enrolments::issue_code(&mut tx, id, now)?;
        tx.commit()?;
        Ok(NewAgency { id, enrolment })
    }

    /// All agencies by code, the order an operator scans a list in.
    pub fn agencies(&self) -> Result<Vec<ListedAgency>, Error> {
        let rows = self.conn()?.query(
            "SELECT a.id, a.code, a.name,
                    EXISTS (SELECT 1 FROM devices d
                            WHERE d.agency_id = a.id AND d.revoked_at IS NULL),
                    a.region_code
             FROM agencies a
             ORDER BY a.code",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(ListedAgency {
                    id: row.try_get(0)?,
                    code: row.try_get(1)?,
                    name: row.try_get(2)?,
                    enrolled: row.try_get(3)?,
                    region: row.try_get(4)?,
                })
            })
            .collect()
    }

    /// The id of the agency with this code.
    pub fn agency_id(&self, code: &AgencyCode) -> Result<i64, Error> {
        find_id(&mut **self.conn()?, code)
    }

    /// Revokes every token of the agency and voids its unused enrolment codes, so nothing
    /// issued before now speaks for it. Returns how many tokens were revoked.
    pub fn revoke_agency(&self, code: &AgencyCode, now: OffsetDateTime) -> Result<usize, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let (id, revoked) = revoke_in(&mut tx, code, now)?;
        tx.execute(
            "UPDATE agencies SET revoked_at = $2 WHERE id = $1",
            &[&id, &to_stored(now)],
        )?;
        tx.commit()?;
        Ok(revoked)
    }

    /// Issues one more enrolment code for an additional PC of the agency; no PC is revoked.
    /// Refused for a revoked agency, which `rotate_agency` brings back.
    pub fn issue_additional_code(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<IssuedCode, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let id = find_id(&mut tx, code)?;
        // FOR UPDATE: a revoke running at the same time waits for this code or comes first.
        let revoked: bool = tx
            .query_one(
                "SELECT revoked_at IS NOT NULL FROM agencies WHERE id = $1 FOR UPDATE",
                &[&id],
            )?
            .try_get(0)?;
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
        let issued = enrolments::issue_code(&mut tx, id, now)?;
        tx.commit()?;
        Ok(issued)
    }

    /// Revokes as [`PgStore::revoke_agency`] does and issues a fresh enrolment code, in one
    /// transaction.
    pub fn rotate_agency(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<(usize, IssuedCode), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let (id, revoked) = revoke_in(&mut tx, code, now)?;
        tx.execute(
            "UPDATE agencies SET revoked_at = NULL WHERE id = $1",
            &[&id],
        )?;
        let issued = enrolments::issue_code(&mut tx, id, now)?;
        tx.commit()?;
        Ok((revoked, issued))
    }
}

/// The id of the agency with this code.
pub(crate) fn find_id(client: &mut impl GenericClient, code: &AgencyCode) -> Result<i64, Error> {
    client
        .query_opt("SELECT id FROM agencies WHERE code = $1", &[&code.as_str()])?
        .map(|row| row.try_get(0))
        .transpose()?
        .ok_or_else(|| Error::AgencyUnknown(code.as_str().to_owned()))
}

fn revoke_in(
    tx: &mut Transaction<'_>,
    code: &AgencyCode,
    now: OffsetDateTime,
) -> Result<(i64, usize), Error> {
    let id = find_id(tx, code)?;
    // The agency's row locked first: concurrent revokes, rotations and enrolments of one
    // agency take turns.
    tx.execute("SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE", &[&id])?;
    let now = to_stored(now);
    let revoked = tx.execute(
        "UPDATE devices SET revoked_at = $2 WHERE agency_id = $1 AND revoked_at IS NULL",
        &[&id, &now],
    )?;
    tx.execute(
        "UPDATE enrolment_codes SET expires_at = $2
         WHERE agency_id = $1 AND used_at IS NULL AND expires_at > $2",
        &[&id, &now],
    )?;
    Ok((id, usize::try_from(revoked).unwrap_or(usize::MAX)))
}
