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
    Ok(match get_value(conn, LANGUAGE_KEY)?.as_deref() {
        Some("en") => Language::En,
        _ => Language::Id,
    })
}

pub fn set_language(conn: &Connection, language: Language) -> Result<()> {
    let value = match language {
        Language::Id => "id",
        Language::En => "en",
    };
    set_value(conn, LANGUAGE_KEY, value)
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

/// Settings of the Konten rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContentSettings {
    /// Hashtags per Instagram post before a warning; Instagram announced 5 in Dec 2025.
    pub hashtag_limit: u32,
    /// The agency's own hashtag, e.g. "#DinkesCianjur"; empty when the agency has none.
    pub agency_hashtag: String,
}

const HASHTAG_LIMIT_KEY: &str = "content.hashtag_limit";
const AGENCY_HASHTAG_KEY: &str = "content.agency_hashtag";
pub const DEFAULT_HASHTAG_LIMIT: u32 = 5;
/// The hashtag setting takes 1 up to what the Instagram API accepts at all.
pub const MIN_HASHTAG_LIMIT: u32 = 1;
pub const MAX_HASHTAG_LIMIT: u32 = medsos_rules::limits::INSTAGRAM.hashtags as u32;

pub(crate) fn get_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

pub(crate) fn set_value(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn content(conn: &Connection) -> Result<ContentSettings> {
    let hashtag_limit = get_value(conn, HASHTAG_LIMIT_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_HASHTAG_LIMIT);
    let agency_hashtag = get_value(conn, AGENCY_HASHTAG_KEY)?.unwrap_or_default();
    Ok(ContentSettings {
        hashtag_limit,
        agency_hashtag,
    })
}

pub fn set_content(conn: &Connection, input: &ContentSettings) -> Result<ContentSettings> {
    if !(MIN_HASHTAG_LIMIT..=MAX_HASHTAG_LIMIT).contains(&input.hashtag_limit) {
        return Err(crate::Error::invalid(
            "hashtag_limit",
            format!("Batas tagar harus antara {MIN_HASHTAG_LIMIT} dan {MAX_HASHTAG_LIMIT}."),
        ));
    }
    let tag = crate::drafts::normalise_hashtags(&input.agency_hashtag);
    if tag.split_whitespace().count() > 1 {
        return Err(crate::Error::invalid(
            "agency_hashtag",
            "Isi satu tagar instansi saja, misalnya #DinkesCianjur.",
        ));
    }
    set_value(conn, HASHTAG_LIMIT_KEY, &input.hashtag_limit.to_string())?;
    set_value(conn, AGENCY_HASHTAG_KEY, &tag)?;
    content(conn)
}

/// How the window behaves when the admin closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WindowSettings {
    /// Closing the window hides it to the tray, where reminders, overdue-complaint
    /// notifications and the background sync keep running. On unless the admin turned it off.
    pub close_to_tray: bool,
}

const CLOSE_TO_TRAY_KEY: &str = "window.close_to_tray";
const TRAY_HINT_KEY: &str = "window.tray_hint_shown";

pub fn window(conn: &Connection) -> Result<WindowSettings> {
    Ok(WindowSettings {
        close_to_tray: get_value(conn, CLOSE_TO_TRAY_KEY)?.as_deref() != Some("0"),
    })
}

pub fn set_window(conn: &Connection, input: &WindowSettings) -> Result<WindowSettings> {
    set_value(
        conn,
        CLOSE_TO_TRAY_KEY,
        if input.close_to_tray { "1" } else { "0" },
    )?;
    window(conn)
}

/// Whether the "Medsos PD is still running in the tray" notification was already raised
/// once; marks it raised. The first answer is `false`, every later one `true`.
pub fn take_tray_hint(conn: &Connection) -> Result<bool> {
    let shown = get_value(conn, TRAY_HINT_KEY)?.is_some();
    if !shown {
        set_value(conn, TRAY_HINT_KEY, "1")?;
    }
    Ok(shown)
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use crate::Store;

    #[test]
    fn closing_to_the_tray_is_on_until_turned_off_and_the_hint_comes_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
        let conn = store.conn();
        assert!(window(conn).unwrap().close_to_tray);
        let off = set_window(
            conn,
            &WindowSettings {
                close_to_tray: false,
            },
        )
        .unwrap();
        assert!(!off.close_to_tray);
        assert!(!window(conn).unwrap().close_to_tray);
        assert!(
            set_window(
                conn,
                &WindowSettings {
                    close_to_tray: true
                }
            )
            .unwrap()
            .close_to_tray
        );
        assert!(!take_tray_hint(conn).unwrap());
        assert!(take_tray_hint(conn).unwrap());
        assert!(take_tray_hint(conn).unwrap());
    }
}
