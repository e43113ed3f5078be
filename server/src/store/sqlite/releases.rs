//! [`ReleaseStore`] over SQLite (migration 009).

use super::columns::instant_at;
use super::SqliteStore;
use crate::clock::to_stored;
use crate::error::Error;
use crate::store::releases::{NewRelease, PcVersion, Release, ReleaseStore};
use rusqlite::{params, OptionalExtension, Row};
use semver::Version;
use time::OffsetDateTime;

const RELEASE_COLUMNS: &str =
    "id, version, target, arch, notes, signature, file_name, sha256, size, published_at";

fn release_at(row: &Row<'_>) -> rusqlite::Result<Release> {
    let bad = |index: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("not a stored {what}").into(),
        )
    };
    let version: String = row.get(1)?;
    Ok(Release {
        id: row.get(0)?,
        version: Version::parse(&version).map_err(|_| bad(1, "version"))?,
        target: row.get(2)?,
        arch: row.get(3)?,
        notes: row.get(4)?,
        signature: row.get(5)?,
        file_name: row.get(6)?,
        sha256: row.get(7)?,
        size: row.get::<_, i64>(8)?.try_into().unwrap_or(0),
        published_at: instant_at(row, 9)?.ok_or_else(|| bad(9, "instant"))?,
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

impl ReleaseStore for SqliteStore {
    fn add_release(
        &self,
        release: &NewRelease,
        now: OffsetDateTime,
        place: &mut dyn FnMut(i64) -> Result<(), Error>,
    ) -> Result<Release, Error> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let inserted = tx.execute(
            "INSERT INTO releases (version, target, arch, notes, signature, file_name, sha256,
                 size, published_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                release.version.to_string(),
                release.target,
                release.arch,
                release.notes,
                release.signature,
                release.file_name,
                release.sha256,
                i64::try_from(release.size).unwrap_or(i64::MAX),
                to_stored(now),
            ],
        );
        match inserted {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                return Err(duplicate(release));
            }
            other => other?,
        };
        let id = tx.last_insert_rowid();
        place(id)?;
        let stored = tx.query_row(
            &format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE id = ?1"),
            [id],
            release_at,
        )?;
        tx.commit()?;
        Ok(stored)
    }

    fn release_exists(&self, target: &str, arch: &str, version: &Version) -> Result<bool, Error> {
        let conn = self.writer();
        Ok(conn
            .query_row(
                "SELECT 1 FROM releases WHERE target = ?1 AND arch = ?2 AND version = ?3",
                params![target, arch, version.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn releases(&self) -> Result<Vec<Release>, Error> {
        let conn = self.reader();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {RELEASE_COLUMNS} FROM releases ORDER BY published_at DESC, id DESC"
        ))?;
        let rows = statement.query_map([], release_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn release(&self, id: i64) -> Result<Option<Release>, Error> {
        let conn = self.reader();
        Ok(conn
            .query_row(
                &format!("SELECT {RELEASE_COLUMNS} FROM releases WHERE id = ?1"),
                [id],
                release_at,
            )
            .optional()?)
    }

    fn newest_release_after(
        &self,
        target: &str,
        arch: &str,
        current: &Version,
    ) -> Result<Option<Release>, Error> {
        // Semver order is not text order ("0.10.0" > "0.9.0"): the few releases of one
        // platform are compared here.
        let conn = self.reader();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {RELEASE_COLUMNS} FROM releases WHERE target = ?1 AND arch = ?2"
        ))?;
        let rows = statement.query_map([target, arch], release_at)?;
        let mut newest: Option<Release> = None;
        for release in rows {
            let release = release?;
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
        let changed = self.writer().execute(
            "UPDATE devices SET app_version = ?2, app_version_at = ?3
             WHERE id = ?1 AND app_version IS NOT ?2",
            params![device_id, version, to_stored(now)],
        )?;
        Ok(changed > 0)
    }

    fn pc_versions(&self) -> Result<Vec<PcVersion>, Error> {
        let conn = self.reader();
        let mut statement = conn.prepare_cached(
            "SELECT a.code, a.name, d.id, d.name, d.app_version, d.app_version_at,
                    d.last_sync_at, d.revoked_at IS NOT NULL
             FROM devices d JOIN agencies a ON a.id = d.agency_id
             ORDER BY a.name, a.code, d.revoked_at IS NOT NULL, d.enrolled_at, d.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PcVersion {
                agency_code: row.get(0)?,
                agency_name: row.get(1)?,
                device_id: row.get(2)?,
                device_name: row.get(3)?,
                app_version: row.get(4)?,
                reported_at: instant_at(row, 5)?,
                last_seen: instant_at(row, 6)?,
                revoked: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
