//! Program Pemkab: the regency programmes a draft promotes ("Cianjur Manjur": Mandiri, Maju,
//! Religius, Berakhlak Mulia), an editable list each with its hashtag, kept in the local
//! store and edited in Pengaturan.
//!
//! Removing a programme only takes it off the list (`active = 0`): drafts that promote it
//! keep it, by name, and adding the same name again puts it back.

use crate::drafts::normalise_hashtags;
use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Programme {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub hashtag: String,
    /// On the list offered for new choices; a removed programme stays for drafts naming it.
    pub active: bool,
}

pub fn list(conn: &Connection) -> Result<Vec<Programme>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, hashtag, active FROM programmes ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Programme {
            id: r.get(0)?,
            name: r.get(1)?,
            hashtag: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn clean_name(name: &str) -> Result<String> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(Error::invalid(
            "programme_name",
            "Nama program wajib diisi.",
        ));
    }
    check_length("programme_name", "Nama program", &name, 120)?;
    Ok(name)
}

fn clean_hashtag(hashtag: &str) -> Result<String> {
    let hashtag = normalise_hashtags(hashtag);
    check_length("programme_hashtag", "Tagar program", &hashtag, 120)?;
    if hashtag.split_whitespace().count() > 1 {
        return Err(Error::invalid(
            "programme_hashtag",
            "Satu program satu tagar, misalnya #CianjurMaju.",
        ));
    }
    Ok(hashtag)
}

fn get(conn: &Connection, id: i64) -> Result<Programme> {
    list(conn)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound { what: "Program" })
}

/// The programme named `name` (any case) other than `except`.
fn named(conn: &Connection, name: &str, except: Option<i64>) -> Result<Option<Programme>> {
    Ok(list(conn)?
        .into_iter()
        .find(|p| Some(p.id) != except && p.name.to_lowercase() == name.to_lowercase()))
}

/// Adds a programme; names are unique regardless of case. Adding the name of a removed
/// programme puts it back on the list with the new hashtag.
pub fn add(conn: &Connection, name: &str, hashtag: &str) -> Result<Programme> {
    let name = clean_name(name)?;
    let hashtag = clean_hashtag(hashtag)?;
    if let Some(existing) = named(conn, &name, None)? {
        if existing.active {
            return Err(Error::invalid(
                "programme_name",
                format!("Program \"{}\" sudah ada.", existing.name),
            ));
        }
        conn.execute(
            "UPDATE programmes SET active = 1, hashtag = ?1 WHERE id = ?2",
            params![hashtag, existing.id],
        )?;
        return get(conn, existing.id);
    }
    conn.execute(
        "INSERT INTO programmes (name, hashtag) VALUES (?1, ?2)",
        params![name, hashtag],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Renames a programme and sets its hashtag. Drafts promoting it follow the new name.
pub fn update(conn: &Connection, id: i64, name: &str, hashtag: &str) -> Result<Programme> {
    let name = clean_name(name)?;
    let hashtag = clean_hashtag(hashtag)?;
    get(conn, id)?;
    if let Some(other) = named(conn, &name, Some(id))? {
        return Err(Error::invalid(
            "programme_name",
            format!("Program \"{}\" sudah ada.", other.name),
        ));
    }
    conn.execute(
        "UPDATE programmes SET name = ?1, hashtag = ?2 WHERE id = ?3",
        params![name, hashtag, id],
    )?;
    get(conn, id)
}

/// Takes a programme off the list. Drafts that promote it keep it (see the module comment).
pub fn remove(conn: &Connection, id: i64) -> Result<Programme> {
    get(conn, id)?;
    conn.execute("UPDATE programmes SET active = 0 WHERE id = ?1", [id])?;
    get(conn, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::{self, DraftInput};
    use crate::test_support::store;
    use crate::FixedClock;
    use time::macros::datetime;

    fn names(conn: &Connection) -> Vec<(String, String, bool)> {
        list(conn)
            .unwrap()
            .into_iter()
            .map(|p| (p.name, p.hashtag, p.active))
            .collect()
    }

    #[test]
    fn the_default_programmes_are_the_four_pillars_of_cianjur_manjur() {
        let (_dir, store) = store();
        let active: Vec<String> = list(store.conn())
            .unwrap()
            .into_iter()
            .filter(|p| p.active)
            .map(|p| p.name)
            .collect();
        for pillar in [
            "Cianjur Mandiri",
            "Cianjur Maju",
            "Cianjur Religius",
            "Cianjur Berakhlak Mulia",
        ] {
            assert!(active.iter().any(|n| n == pillar), "{pillar} in {active:?}");
        }
        let tag = list(store.conn())
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Cianjur Berakhlak Mulia")
            .unwrap()
            .hashtag;
        assert_eq!(tag, "#CianjurBerakhlakMulia");
    }

    #[test]
    fn a_programme_is_added_renamed_and_validated() {
        let (_dir, store) = store();
        let conn = store.conn();
        let added = add(conn, "  Cianjur   Sehat ", "cianjursehat").unwrap();
        assert_eq!(
            (added.name.as_str(), added.hashtag.as_str(), added.active),
            ("Cianjur Sehat", "#cianjursehat", true)
        );
        let renamed = update(conn, added.id, "Cianjur Sehat Sejahtera", "#CianjurSehat").unwrap();
        assert_eq!(renamed.name, "Cianjur Sehat Sejahtera");
        assert_eq!(renamed.hashtag, "#CianjurSehat");

        for (name, tag, code) in [
            ("", "#X", "invalid.programme_name"),
            ("cianjur maju", "#X", "invalid.programme_name"),
            (&"x".repeat(121), "#X", "invalid.programme_name"),
            ("Cianjur Baru", "#Satu #Dua", "invalid.programme_hashtag"),
        ] {
            assert_eq!(
                add(conn, name, tag).unwrap_err().code(),
                code,
                "{name} {tag}"
            );
        }
        let err = update(conn, added.id, "Cianjur Maju", "#CianjurMaju").unwrap_err();
        assert_eq!(err.code(), "invalid.programme_name");
        assert!(err.to_string().contains("sudah ada"), "{err}");
        // Renaming to its own name in another case is fine.
        update(conn, added.id, "cianjur sehat sejahtera", "").unwrap();
        assert_eq!(
            update(conn, 999, "Apa", "").unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn a_removed_programme_leaves_the_list_but_drafts_keep_it() {
        let (_dir, store) = store();
        let conn = store.conn();
        let clock = FixedClock::new(datetime!(2026-11-26 01:00 UTC));
        let religius = list(conn)
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Cianjur Religius")
            .unwrap();
        let draft = drafts::create(
            conn,
            &clock,
            &DraftInput {
                title: "Pengajian".into(),
                programme_id: Some(religius.id),
                ..DraftInput::default()
            },
        )
        .unwrap();

        let removed = remove(conn, religius.id).unwrap();
        assert!(!removed.active);
        assert_eq!(
            drafts::get(conn, draft.id).unwrap().programme_id,
            Some(religius.id)
        );
        assert!(names(conn)
            .iter()
            .any(|(n, _, active)| n == "Cianjur Religius" && !active));

        // Adding it again puts it back rather than making a second one.
        let back = add(conn, "cianjur religius", "#CianjurReligius").unwrap();
        assert_eq!((back.id, back.active), (religius.id, true));
        assert_eq!(remove(conn, 999).unwrap_err().code(), "not_found");
    }
}
