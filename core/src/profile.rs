//! Profil instansi: the agency (Perangkat Daerah) this store belongs to, and its admin.

use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The agency's profile as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgencyProfile {
    /// Full agency name, e.g. "Dinas Komunikasi, Informatika dan Persandian".
    pub name: String,
    /// Short code Diskominfo knows the agency by, e.g. "DISKOMINFO".
    pub code: String,
    pub address: String,
    /// The admin who runs the agency's accounts.
    pub admin_name: String,
    pub updated_at: String,
}

/// What the first-run and settings forms send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProfileInput {
    pub name: String,
    pub code: String,
    pub address: String,
    pub admin_name: String,
}

impl ProfileInput {
    /// Trims and checks every field; the code is upper-cased.
    pub fn validate(&self) -> Result<ProfileInput> {
        let name = clean_line(&self.name);
        if name.chars().count() < 3 {
            return Err(Error::invalid(
                "name",
                "Nama instansi wajib diisi (minimal 3 huruf).",
            ));
        }
        check_length("name", "Nama instansi", &name, 120)?;

        let code = clean_line(&self.code).to_uppercase();
        if code.is_empty() {
            return Err(Error::invalid("code", "Kode instansi wajib diisi."));
        }
        check_length("code", "Kode instansi", &code, 32)?;
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return Err(Error::invalid(
                "code",
                "Kode instansi hanya boleh berisi huruf, angka, titik, tanda hubung atau garis bawah (contoh: DISKOMINFO).",
            ));
        }

        let address = clean_line(&self.address);
        check_length("address", "Alamat", &address, 300)?;

        let admin_name = clean_line(&self.admin_name);
        if admin_name.is_empty() {
            return Err(Error::invalid("admin_name", "Nama admin wajib diisi."));
        }
        check_length("admin_name", "Nama admin", &admin_name, 120)?;

        Ok(ProfileInput {
            name,
            code,
            address,
            admin_name,
        })
    }
}

pub fn get(conn: &Connection) -> Result<Option<AgencyProfile>> {
    Ok(conn
        .query_row(
            "SELECT name, code, address, admin_name, updated_at FROM agency_profile WHERE id = 1",
            [],
            |row| {
                Ok(AgencyProfile {
                    name: row.get(0)?,
                    code: row.get(1)?,
                    address: row.get(2)?,
                    admin_name: row.get(3)?,
                    updated_at: row.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Saves the profile, creating it on first run.
pub fn save(conn: &Connection, clock: &dyn Clock, input: &ProfileInput) -> Result<AgencyProfile> {
    let valid = input.validate()?;
    let now = to_stored(clock.now());
    conn.execute(
        "INSERT INTO agency_profile (id, name, code, address, admin_name, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, code = excluded.code,
           address = excluded.address, admin_name = excluded.admin_name,
           updated_at = excluded.updated_at",
        params![valid.name, valid.code, valid.address, valid.admin_name, now],
    )?;
    get(conn)?.ok_or(Error::ProfileMissing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FixedClock, Store};
    use time::macros::datetime;

    fn input() -> ProfileInput {
        ProfileInput {
            name: "  Dinas Kesehatan  ".into(),
            code: "dinkes".into(),
            address: "Jl. Pangeran Hidayatulloh No. 48, Cianjur".into(),
            admin_name: "Siti Nurhaliza".into(),
        }
    }

    #[test]
    fn first_save_creates_profile_and_second_updates_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
        let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
        assert_eq!(get(store.conn()).unwrap(), None);

        let saved = save(store.conn(), &clock, &input()).unwrap();
        assert_eq!(saved.name, "Dinas Kesehatan");
        assert_eq!(saved.code, "DINKES");

        let mut changed = input();
        changed.admin_name = "Asep Sunandar".into();
        let saved = save(store.conn(), &clock, &changed).unwrap();
        assert_eq!(saved.admin_name, "Asep Sunandar");
        let count: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM agency_profile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }

    #[test]
    fn profile_rejects_missing_name_and_odd_code_with_field_codes() {
        let mut bad = input();
        bad.name = " ".into();
        assert_eq!(bad.validate().unwrap_err().code(), "invalid.name");
        let mut bad = input();
        bad.code = "DINAS KESEHATAN".into();
        assert_eq!(bad.validate().unwrap_err().code(), "invalid.code");
        let mut bad = input();
        bad.admin_name = "x".repeat(121);
        assert_eq!(bad.validate().unwrap_err().code(), "invalid.admin_name");
    }
}
