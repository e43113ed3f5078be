//! The agencies' PCs: which agency a request speaks for from its device token alone, an
//! agency's PCs, and cutting one off (as `sqlite::devices`).

use super::PgStore;
use crate::clock::{from_stored, to_stored};
use crate::error::Error;
use crate::store::devices::{Authenticated, DeviceInfo, Presented, RevokedDevice};
use time::OffsetDateTime;

/// A stored instant column; NULL, or text that is not one, is `None`.
pub(crate) fn instant(row: &postgres::Row, index: usize) -> Result<Option<OffsetDateTime>, Error> {
    Ok(row
        .try_get::<_, Option<String>>(index)?
        .as_deref()
        .and_then(from_stored))
}

impl PgStore {
    /// The PC whose token hashes to `token_hash`, unless it was revoked, with the app
    /// version it last named.
    pub fn authenticate_device(&self, token_hash: &str) -> Result<Option<Presented>, Error> {
        // Every API request asks this: prepared once per connection.
        let mut conn = self.conn()?;
        let find = conn.statement(
            "SELECT id, agency_id, app_version FROM devices
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )?;
        let row = conn.query_opt(&find, &[&token_hash])?;
        row.map(|row| {
            Ok(Presented {
                device: Authenticated {
                    device_id: row.try_get(0)?,
                    agency_id: row.try_get(1)?,
                },
                app_version: row.try_get(2)?,
            })
        })
        .transpose()
    }

    /// The agency's PCs, active ones first, then by enrolment.
    pub fn devices(&self, agency_id: i64) -> Result<Vec<DeviceInfo>, Error> {
        let rows = self.conn()?.query(
            "SELECT id, name, enrolled_at, revoked_at, last_sync_at FROM devices
             WHERE agency_id = $1
             ORDER BY revoked_at IS NOT NULL, enrolled_at, id",
            &[&agency_id],
        )?;
        rows.iter()
            .map(|row| {
                Ok(DeviceInfo {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    enrolled_at: instant(row, 2)?,
                    revoked_at: instant(row, 3)?,
                    last_sync_at: instant(row, 4)?,
                })
            })
            .collect()
    }

    /// Revokes one PC: its token stops working at once; the agency's other PCs go on, and
    /// what it sent stays. Refused for an unknown id and for a PC revoked already.
    pub fn revoke_device(
        &self,
        device_id: i64,
        now: OffsetDateTime,
    ) -> Result<RevokedDevice, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let found = tx.query_opt(
            "SELECT d.name, d.revoked_at, a.code, a.name FROM devices d
             JOIN agencies a ON a.id = d.agency_id WHERE d.id = $1
             FOR UPDATE OF d",
            &[&device_id],
        )?;
        let Some(row) = found else {
            return Err(Error::Rejected {
                code: "device.unknown",
                message: format!(
                    "PC dengan id {device_id} tidak ada. Daftar PC sebuah PD ada di \
                     `medsos-hub agency devices --code KODE`."
                ),
            });
        };
        let name: String = row.try_get(0)?;
        let revoked_at: Option<String> = row.try_get(1)?;
        let agency_code: String = row.try_get(2)?;
        let agency_name: String = row.try_get(3)?;
        if revoked_at.is_some() {
            return Err(Error::Conflict {
                code: "device.already_revoked",
                message: format!("PC {name} (id {device_id}) milik {agency_name} sudah dicabut."),
            });
        }
        tx.execute(
            "UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&device_id, &to_stored(now)],
        )?;
        tx.commit()?;
        Ok(RevokedDevice {
            name,
            agency_code,
            agency_name,
        })
    }
}
