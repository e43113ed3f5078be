//! Regions (wilayah) by BPS code, and which one an agency is added to.

use crate::clock::to_stored;
use crate::error::Error;
use crate::region::{RegionCode, RegionKind, RegionName};
use crate::store::regions::{self, ListedRegion};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use time::OffsetDateTime;

/// Registers a province, or a regency or city whose province is registered.
pub fn add(
    conn: &Connection,
    code: &RegionCode,
    name: &RegionName,
    now: OffsetDateTime,
) -> Result<(), Error> {
    if code.kind() != RegionKind::Provinsi && name_of(conn, &code.province())?.is_none() {
        return Err(regions::province_unknown(code));
    }
    let inserted = conn.execute(
        "INSERT INTO regions (code, name, created_at) VALUES (?1, ?2, ?3)",
        params![code.as_str(), name.as_str(), to_stored(now)],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == ErrorCode::ConstraintViolation =>
        {
            let existing = name_of(conn, code)?.unwrap_or_default();
            Err(regions::taken(code, &existing))
        }
        other => other.map(|_| ()).map_err(Error::from),
    }
}

fn name_of(conn: &Connection, code: &RegionCode) -> Result<Option<String>, Error> {
    Ok(conn
        .query_row(
            "SELECT name FROM regions WHERE code = ?1",
            [code.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Every region by code with its agencies not revoked; a province counts those of its
/// regencies and cities.
pub fn list(conn: &Connection) -> Result<Vec<ListedRegion>, Error> {
    let mut statement = conn.prepare(
        "SELECT r.code, r.name,
                (SELECT count(*) FROM agencies a
                 WHERE a.revoked_at IS NULL
                   AND (a.region_code = r.code
                        OR (length(r.code) = 2 AND substr(a.region_code, 1, 3) = r.code || '.')))
         FROM regions r
         ORDER BY r.code",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ListedRegion {
            code: row.get(0)?,
            name: row.get(1)?,
            agencies: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The regency or city an agency is added to: `region` when it is a registered regency or
/// city, or the hub's only one when none is named.
pub fn for_new_agency(conn: &Connection, region: Option<&RegionCode>) -> Result<String, Error> {
    regions::for_new_agency(
        region,
        &mut |code| Ok(name_of(conn, code)?.is_some()),
        &mut || {
            Ok(conn
                .prepare("SELECT code FROM regions WHERE length(code) = 5 ORDER BY code")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        },
    )
}
