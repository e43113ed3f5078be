//! The agencies' PCs: telling which agency a request speaks for from its device token
//! alone, listing an agency's PCs, and cutting one off.

use super::columns::instant_at;
use crate::clock::to_stored;
use crate::error::Error;
use crate::store::devices::{Authenticated, DeviceInfo, Presented, RevokedDevice};
use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;

/// The PC whose token hashes to `token_hash`, unless it was revoked, with the app version
/// it last named.
pub fn authenticate(conn: &Connection, token_hash: &str) -> Result<Option<Presented>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT id, agency_id, app_version FROM devices
         WHERE token_hash = ?1 AND revoked_at IS NULL",
    )?;
    Ok(statement
        .query_row([token_hash], |row| {
            Ok(Presented {
                device: Authenticated {
                    device_id: row.get(0)?,
                    agency_id: row.get(1)?,
                },
                app_version: row.get(2)?,
            })
        })
        .optional()?)
}

/// The agency's PCs, active ones first, then by enrolment.
pub fn list(conn: &Connection, agency_id: i64) -> Result<Vec<DeviceInfo>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, enrolled_at, revoked_at, last_sync_at FROM devices
         WHERE agency_id = ?1
         ORDER BY revoked_at IS NOT NULL, enrolled_at, id",
    )?;
    let rows = statement.query_map([agency_id], |row| {
        let instant = |i: usize| instant_at(row, i);
        Ok(DeviceInfo {
            id: row.get(0)?,
            name: row.get(1)?,
            enrolled_at: instant(2)?,
            revoked_at: instant(3)?,
            last_sync_at: instant(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Revokes one PC: its token stops working at once; the agency's other PCs go on, and what
/// it sent stays. Refused for an unknown id and for a PC revoked already.
pub fn revoke(
    conn: &Connection,
    device_id: i64,
    now: OffsetDateTime,
) -> Result<RevokedDevice, Error> {
    let found: Option<(String, Option<String>, String, String)> = conn
        .query_row(
            "SELECT d.name, d.revoked_at, a.code, a.name FROM devices d
             JOIN agencies a ON a.id = d.agency_id WHERE d.id = ?1",
            [device_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let Some((name, revoked_at, agency_code, agency_name)) = found else {
        return Err(Error::Rejected {
            code: "device.unknown",
            message: format!(
                "PC dengan id {device_id} tidak ada. Daftar PC sebuah PD ada di \
                 `medsos-hub agency devices --code KODE`."
            ),
        });
    };
    if revoked_at.is_some() {
        return Err(Error::Conflict {
            code: "device.already_revoked",
            message: format!("PC {name} (id {device_id}) milik {agency_name} sudah dicabut."),
        });
    }
    conn.execute(
        "UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![device_id, to_stored(now)],
    )?;
    Ok(RevokedDevice {
        name,
        agency_code,
        agency_name,
    })
}
