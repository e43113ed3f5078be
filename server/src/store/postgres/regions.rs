//! Regions (wilayah) by BPS code, and which one an agency is added to (as
//! `sqlite::regions`).

use super::{violates, PgStore};
use crate::clock::to_stored;
use crate::error::Error;
use crate::region::{RegionCode, RegionKind, RegionName};
use crate::store::regions::{self, ListedRegion};
use postgres::error::SqlState;
use postgres::GenericClient;
use time::OffsetDateTime;

impl PgStore {
    /// Registers a province, or a regency or city whose province is registered.
    pub fn add_region(
        &self,
        code: &RegionCode,
        name: &RegionName,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut conn = self.conn()?;
        if code.kind() != RegionKind::Provinsi && name_of(&mut **conn, &code.province())?.is_none()
        {
            return Err(regions::province_unknown(code));
        }
        let inserted = conn.execute(
            "INSERT INTO regions (code, name, created_at) VALUES ($1, $2, $3)",
            &[&code.as_str(), &name.as_str(), &to_stored(now)],
        );
        match inserted {
            Err(e) if violates(&e, &SqlState::UNIQUE_VIOLATION) => {
                let existing = name_of(&mut **conn, code)?.unwrap_or_default();
                Err(regions::taken(code, &existing))
            }
            other => other.map(|_| ()).map_err(Error::from),
        }
    }

    /// Every region by code with its agencies not revoked; a province counts those of its
    /// regencies and cities.
    pub fn regions(&self) -> Result<Vec<ListedRegion>, Error> {
        let rows = self.conn()?.query(
            "SELECT r.code, r.name,
                    (SELECT count(*) FROM agencies a
                     WHERE a.revoked_at IS NULL
                       AND (a.region_code = r.code
                            OR (length(r.code) = 2 AND a.region_code LIKE r.code || '.%')))
             FROM regions r
             ORDER BY r.code",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(ListedRegion {
                    code: row.try_get(0)?,
                    name: row.try_get(1)?,
                    agencies: row.try_get(2)?,
                })
            })
            .collect()
    }
}

fn name_of(conn: &mut impl GenericClient, code: &RegionCode) -> Result<Option<String>, Error> {
    Ok(conn
        .query_opt(
            "SELECT name FROM regions WHERE code = $1",
            &[&code.as_str()],
        )?
        .map(|row| row.try_get(0))
        .transpose()?)
}

/// The regency or city an agency is added to: `region` when it is a registered regency or
/// city, or the hub's only one when none is named.
pub fn for_new_agency(
    conn: &mut impl GenericClient,
    region: Option<&RegionCode>,
) -> Result<String, Error> {
    // One client, two questions: each closure borrows it in turn.
    let conn = std::cell::RefCell::new(conn);
    regions::for_new_agency(
        region,
        &mut |code| Ok(name_of(&mut **conn.borrow_mut(), code)?.is_some()),
        &mut || {
            conn.borrow_mut()
                .query(
                    "SELECT code FROM regions WHERE length(code) = 5 ORDER BY code",
                    &[],
                )?
                .iter()
                .map(|row| row.try_get(0).map_err(Error::from))
                .collect()
        },
    )
}
