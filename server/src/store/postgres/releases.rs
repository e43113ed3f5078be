//! [`ReleaseStore`] over PostgreSQL (as `sqlite::releases`).

use super::devices::instant;
use super::{violates, PgStore};
use crate::clock::to_stored;
use crate::error::Error;
use crate::store::releases::{NewRelease, PcVersion, Release, ReleaseStore};
use postgres::error::SqlState;
use semver::Version;
use time::OffsetDateTime;

const RELEASE_COLUMNS: &str =
    "id, version, target, arch, notes, signature, file_name, sha256, size, published_at";

fn release_at(row: &postgres::Row) -> Result<Release, Error> {
    let bad = |what: &str, value: &str| {
        Error::Store(format!("{what} rilis tersimpan tidak sah: {value}"))
    };
    let version: String = row.try_get(1)?;
    Ok(Release {
        id: row.try_get(0)?,
        version: Version::parse(&version).map_err(|_| bad("versi", &version))?,
        target: row.try_get(2)?,
        arch: row.try_get(3)?,
        notes: row.try_get(4)?,
        signature: row.try_get(5)?,
        file_name: row.try_get(6)?,
        sha256: row.try_get(7)?,
        size: row.try_get::<_, i64>(8)?.try_into().unwrap_or(0),
        published_at: instant(row, 9)?.ok_or_else(|| bad("waktu terbit", "?"))?,
    })
}

fn duplicate(release: &NewRelease) -> Error {
    Error::Conflict {
        code: "release.duplicate",
        message: format!(
            "Rilis {} untuk {}-{} sudah ada. Terbitkan dengan versi baru.",
            release.version, release.target, release.arch
        ),
    }
}

impl ReleaseStore for PgStore {
    fn add_release(
        &self,
        release: &NewRelease,
        now: OffsetDateTime,
        place: &mut dyn FnMut(i64) -> Result<(), Error>,
    ) -> Result<Release, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let inserted = tx.query_one(
            &format!(
                "INSERT INTO releases (version, target, arch, notes, signature, file_name, sha256,
                     size, published_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 RETURNING {RELEASE_COLUMNS}"
            ),
            &[
                &release.version.to_string(),
                &release.target,
                &release.arch,
                &release.notes,
                &release.signature,
                &release.file_name,
                &release.sha256,
                &i64::try_from(release.size).unwrap_or(i64::MAX),
                &to_stored(now),
            ],
        );
        let stored = match inserted {
            Err(e) if violates(&e, &SqlState::UNIQUE_VIOLATION) => {
                return Err(duplicate(release));
            }
            other => release_at(&other?)?,
        };
        // The artifact is placed while the row is uncommitted: a failure leaves neither.
        place(stored.id)?;
        tx.commit()?;
        Ok(stored)
    }

    fn release_exists(&self, target: &str, arch: &str, version: &Version) -> Result<bool, Error> {
        Ok(self
            .conn()?
            .query_opt(
                "SELECT 1 FROM releases WHERE target = $1 AND arch = $2 AND version = $3",
                &[&target, &arch, &version.to_string()],
            )?
            .is_some())
    }

    fn releases(&self) -> Result<Vec<Release>, Error> {
        self.conn()?
            .query(
                &format!(
                    "SELECT {RELEASE_COLUMNS} FROM releases ORDER BY published_at DESC, id DESC"
                ),
                &[],
            )?
            .iter()
            .map(release_at)
            .collect()
    }

    fn release(&self, id: i64) -> Result<Option<Release>, Error> {
        self.conn()?
            .query_opt(
                &format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE id = $1"),
                &[&id],
            )?
            .map(|row| release_at(&row))
            .transpose()
    }

    fn newest_release_after(
        &self,
        target: &str,
        arch: &str,
        current: &Version,
    ) -> Result<Option<Release>, Error> {
        // Semver order is not text order ("0.10.0" > "0.9.0"): the few releases of one
        // platform are compared here.
        let rows = self.conn()?.query(
            &format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE target = $1 AND arch = $2"),
            &[&target, &arch],
        )?;
        let mut newest: Option<Release> = None;
        for row in &rows {
            let release = release_at(row)?;
            if release.version > *current
                && newest.as_ref().is_none_or(|n| release.version > n.version)
            {
                newest = Some(release);
            }
        }
        Ok(newest)
    }

    fn record_app_version(
        &self,
        device_id: i64,
        version: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let changed = self.conn()?.execute(
            "UPDATE devices SET app_version = $2, app_version_at = $3
             WHERE id = $1 AND app_version IS DISTINCT FROM $2",
            &[&device_id, &version, &to_stored(now)],
        )?;
        Ok(changed > 0)
    }

    fn pc_versions(&self) -> Result<Vec<PcVersion>, Error> {
        self.conn()?
            .query(
                "SELECT a.code, a.name, d.id, d.name, d.app_version, d.app_version_at,
                        d.last_sync_at, d.revoked_at IS NOT NULL
                 FROM devices d JOIN agencies a ON a.id = d.agency_id
                 ORDER BY a.name, a.code, d.revoked_at IS NOT NULL, d.enrolled_at, d.id",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(PcVersion {
                    agency_code: row.try_get(0)?,
                    agency_name: row.try_get(1)?,
                    device_id: row.try_get(2)?,
                    device_name: row.try_get(3)?,
                    app_version: row.try_get(4)?,
                    reported_at: instant(row, 5)?,
                    last_seen: instant(row, 6)?,
                    revoked: row.try_get(7)?,
                })
            })
            .collect()
    }
}
