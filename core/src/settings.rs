//! Preferences kept in the store, so they follow the agency's data and not the WebView.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The UI language: Indonesian unless the admin chose English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Id,
    En,
}

const LANGUAGE_KEY: &str = "ui.language";

pub fn language(conn: &Connection) -> Result<Language> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [LANGUAGE_KEY],
            |row| row.get(0),
        )
        .optional()?;
    Ok(match stored.as_deref() {
        Some("en") => Language::En,
        _ => Language::Id,
    })
}

pub fn set_language(conn: &Connection, language: Language) -> Result<()> {
    let value = match language {
        Language::Id => "id",
        Language::En => "en",
    };
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![LANGUAGE_KEY, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn language_defaults_to_indonesian_and_remembers_english() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        {
            let store = Store::open(&path).unwrap();
            assert_eq!(language(store.conn()).unwrap(), Language::Id);
            set_language(store.conn(), Language::En).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(language(store.conn()).unwrap(), Language::En);
    }
}
