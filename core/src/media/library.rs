//! Pustaka foto: every image in the store, with the drafts and complaints that use it.
//!
//! Complaint screenshots are personal data (UU PDP 27/2022) and are never publishable, so
//! the library shows them apart: an image attached to any complaint is a screenshot, every
//! other image is a photo for publishing.

use super::attachments::attach;
use super::item::{media_from_row, MediaItem};
use crate::clock::Clock;
use crate::drafts::{self, Draft, DraftInput};
use crate::error::{Error, Result};
use crate::store::savepoint;
use medsos_rules::wib;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many images one page of the library holds when the caller does not say.
pub const LIBRARY_DEFAULT_LIMIT: u32 = 60;
/// The most one page may hold: the thumbnails of a page cross IPC together.
pub const LIBRARY_MAX_LIMIT: u32 = 500;
/// Longest file-name search kept; longer input is cut, never refused.
const MAX_QUERY_CHARS: usize = 200;

/// Which images the library lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum LibraryKind {
    /// Photos that may be published: not attached to any complaint.
    #[default]
    Publishable,
    /// Complaint screenshots, shown apart and never offered for a draft.
    Screenshots,
}

/// The library's filters; every field but `kind` is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryFilter {
    /// Part of the file name the image had when imported (case does not matter).
    pub query: Option<String>,
    /// Imported on or after this day (YYYY-MM-DD, WIB).
    pub from: Option<String>,
    /// Imported on or before this day (YYYY-MM-DD, WIB).
    pub to: Option<String>,
    #[serde(default)]
    pub kind: LibraryKind,
    /// At most this many images, newest first ([`LIBRARY_DEFAULT_LIMIT`] when absent).
    pub limit: Option<u32>,
}

/// A draft that uses an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftRef {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
}

/// One image of the library and where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryEntry {
    pub item: MediaItem,
    /// The drafts it is attached to, most recently edited first.
    pub drafts: Vec<DraftRef>,
    /// The complaints it is evidence for (empty for a publishable photo).
    #[ts(type = "number[]")]
    pub complaints: Vec<i64>,
}

/// The images matching `filter`, newest import first.
pub fn library(conn: &Connection, filter: &LibraryFilter) -> Result<Vec<LibraryEntry>> {
    let mut conditions: Vec<&str> = vec![match filter.kind {
        LibraryKind::Publishable => {
            "NOT EXISTS (SELECT 1 FROM complaint_attachments ca WHERE ca.media_id = m.id)"
        }
        LibraryKind::Screenshots => {
            "EXISTS (SELECT 1 FROM complaint_attachments ca WHERE ca.media_id = m.id)"
        }
    }];
    let mut args: Vec<Value> = Vec::new();

    let query: String = filter
        .query
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    if !query.is_empty() {
        conditions.push("m.original_name LIKE ? ESCAPE '\\'");
        args.push(Value::Text(format!("%{}%", escape_like(&query))));
    }
    let from = day_bound(filter.from.as_deref(), "from", "Tanggal awal")?;
    let to = day_bound(filter.to.as_deref(), "to", "Tanggal akhir")?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(Error::invalid(
                "to",
                "Tanggal akhir tidak boleh sebelum tanggal awal.",
            ));
        }
    }
    if let Some(from) = from {
        conditions.push("m.created_at >= ?");
        args.push(Value::Text(wib::to_stored(wib::day_start(from))));
    }
    if let Some(to) = to {
        let end = wib::day_end(to)
            .ok_or_else(|| Error::invalid("to", "Tanggal akhir di luar jangkauan."))?;
        conditions.push("m.created_at < ?");
        args.push(Value::Text(wib::to_stored(end)));
    }
    let limit = filter
        .limit
        .unwrap_or(LIBRARY_DEFAULT_LIMIT)
        .clamp(1, LIBRARY_MAX_LIMIT);
    args.push(Value::Integer(i64::from(limit)));

    let sql = format!(
        "SELECT m.id, m.sha256, m.original_name, m.format, m.width, m.height, m.bytes, m.created_at
         FROM media m WHERE {} ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
        conditions.join(" AND ")
    );
    let items: Vec<MediaItem> = {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), media_from_row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    items
        .into_iter()
        .map(|item| {
            Ok(LibraryEntry {
                drafts: drafts_using(conn, item.id)?,
                complaints: complaints_using(conn, item.id)?,
                item,
            })
        })
        .collect()
}

/// True when the image is evidence for at least one complaint.
pub fn is_complaint_screenshot(conn: &Connection, media_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM complaint_attachments WHERE media_id = ?1)")?
        .query_row([media_id], |row| row.get(0))?)
}

/// The refusal for using a complaint screenshot where a publishable photo belongs.
pub(super) fn screenshot_refused(name: &str) -> Error {
    Error::invalid(
        "media",
        format!(
            "\"{name}\" adalah tangkapan layar aduan: isinya data pribadi warga dan tidak boleh \
             dipakai untuk publikasi."
        ),
    )
}

/// "Pakai di draf baru": an empty draft, as the editor starts one, with the photo attached.
/// A complaint screenshot is refused and no draft is made.
pub fn new_draft_with(conn: &Connection, clock: &dyn Clock, media_id: i64) -> Result<Draft> {
    let tx = savepoint(conn)?;
    let item = super::get(&tx, media_id)?;
    if is_complaint_screenshot(&tx, media_id)? {
        return Err(screenshot_refused(&item.original_name));
    }
    let draft = drafts::create(&tx, clock, &DraftInput::default())?;
    attach(&tx, draft.id, media_id)?;
    tx.finish()?;
    Ok(draft)
}

fn drafts_using(conn: &Connection, media_id: i64) -> Result<Vec<DraftRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.title FROM draft_media dm JOIN drafts d ON d.id = dm.draft_id
         WHERE dm.media_id = ?1 ORDER BY d.updated_at DESC, d.id DESC",
    )?;
    let rows = stmt.query_map([media_id], |row| {
        Ok(DraftRef {
            id: row.get(0)?,
            title: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn complaints_using(conn: &Connection, media_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT complaint_id FROM complaint_attachments WHERE media_id = ?1 ORDER BY complaint_id",
    )?;
    let rows = stmt.query_map([media_id], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A WIB day typed as YYYY-MM-DD; blank means no bound.
fn day_bound(input: Option<&str>, field: &'static str, label: &str) -> Result<Option<time::Date>> {
    let Some(text) = input.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    wib::parse_day(text).map(Some).ok_or_else(|| {
        Error::invalid(
            field,
            format!("{label} \"{text}\" tidak dikenali; gunakan format TTTT-BB-HH."),
        )
    })
}

/// `%`, `_` and the escape character itself are matched literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::media::test_support::*;
    use crate::media::{import, media_dir};
    use crate::Store;
    use time::macros::datetime;

    fn import_at(
        dir: &std::path::Path,
        store: &Store,
        name: &str,
        at: time::OffsetDateTime,
        width: u32,
    ) -> MediaItem {
        let source = write(dir, name, &png_bytes(width, 40));
        import(
            store.conn(),
            &FixedClock::new(at),
            &media_dir(store.path()),
            &source,
        )
        .unwrap()
    }

    fn names(entries: &[LibraryEntry]) -> Vec<&str> {
        entries
            .iter()
            .map(|e| e.item.original_name.as_str())
            .collect()
    }

    /// Three photos over three days (WIB) and one complaint screenshot.
    fn fixture() -> (tempfile::TempDir, Store, Vec<MediaItem>, i64) {
        let (dir, store) = store();
        let items = vec![
            import_at(
                dir.path(),
                &store,
                "Bazar_UMKM.jpg",
                datetime!(2026-07-10 03:00 UTC),
                40,
            ),
            import_at(
                dir.path(),
                &store,
                "posyandu-cugenang.png",
                datetime!(2026-07-11 03:00 UTC),
                41,
            ),
            // 23.30 WIB on 11 July: still the 11th in Cianjur.
            import_at(
                dir.path(),
                &store,
                "posyandu 100%.png",
                datetime!(2026-07-11 16:30 UTC),
                42,
            ),
            import_at(
                dir.path(),
                &store,
                "tangkapan-wa.png",
                datetime!(2026-07-12 01:00 UTC),
                43,
            ),
        ];
        let complaint_id = complaint(store.conn());
        screenshot(store.conn(), complaint_id, items[3].id);
        (dir, store, items, complaint_id)
    }

    #[test]
    fn media_library_lists_publishable_photos_newest_first_without_screenshots() {
        let (_dir, store, items, complaint_id) = fixture();
        let all = library(store.conn(), &LibraryFilter::default()).unwrap();
        assert_eq!(
            names(&all),
            vec![
                "posyandu 100%.png",
                "posyandu-cugenang.png",
                "Bazar_UMKM.jpg"
            ]
        );
        assert!(all.iter().all(|e| e.complaints.is_empty()));

        let shots = library(
            store.conn(),
            &LibraryFilter {
                kind: LibraryKind::Screenshots,
                ..LibraryFilter::default()
            },
        )
        .unwrap();
        assert_eq!(names(&shots), vec!["tangkapan-wa.png"]);
        assert_eq!(shots[0].complaints, vec![complaint_id]);
        assert_eq!(shots[0].item.id, items[3].id);
    }

    #[test]
    fn media_library_answers_the_drafts_using_each_photo() {
        let (_dir, store, items, _) = fixture();
        let bazar = draft(store.conn(), "Bazar UMKM Cianjur");
        let posyandu = draft(store.conn(), "Posyandu Cugenang");
        attach(store.conn(), bazar, items[0].id).unwrap();
        attach(store.conn(), posyandu, items[0].id).unwrap();
        attach(store.conn(), posyandu, items[1].id).unwrap();

        let all = library(store.conn(), &LibraryFilter::default()).unwrap();
        let by_name = |name: &str| all.iter().find(|e| e.item.original_name == name).unwrap();
        let mut titles: Vec<_> = by_name("Bazar_UMKM.jpg")
            .drafts
            .iter()
            .map(|d| (d.id, d.title.as_str()))
            .collect();
        titles.sort();
        assert_eq!(
            titles,
            vec![
                (bazar, "Bazar UMKM Cianjur"),
                (posyandu, "Posyandu Cugenang")
            ]
        );
        assert_eq!(
            by_name("posyandu-cugenang.png").drafts,
            vec![DraftRef {
                id: posyandu,
                title: "Posyandu Cugenang".into()
            }]
        );
        assert!(by_name("posyandu 100%.png").drafts.is_empty());
    }

    #[test]
    fn media_library_searches_the_file_name_literally_and_ignoring_case() {
        let (_dir, store, _, _) = fixture();
        let find = |query: &str| {
            let entries = library(
                store.conn(),
                &LibraryFilter {
                    query: Some(query.into()),
                    ..LibraryFilter::default()
                },
            )
            .unwrap();
            names(&entries)
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            find("  POSYANDU "),
            vec!["posyandu 100%.png", "posyandu-cugenang.png"]
        );
        assert_eq!(find("100%"), vec!["posyandu 100%.png"]);
        assert_eq!(find("%"), vec!["posyandu 100%.png"]);
        assert_eq!(find("_"), vec!["Bazar_UMKM.jpg"]);
        assert_eq!(find("tangkapan"), Vec::<String>::new());
        assert_eq!(find("").len(), 3);
    }

    #[test]
    fn media_library_filters_by_wib_import_day() {
        let (_dir, store, _, _) = fixture();
        let between = |from: Option<&str>, to: Option<&str>| {
            let entries = library(
                store.conn(),
                &LibraryFilter {
                    from: from.map(String::from),
                    to: to.map(String::from),
                    ..LibraryFilter::default()
                },
            )
            .unwrap();
            names(&entries)
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            between(Some("2026-07-11"), Some("2026-07-11")),
            vec!["posyandu 100%.png", "posyandu-cugenang.png"]
        );
        assert_eq!(between(None, Some("2026-07-10")), vec!["Bazar_UMKM.jpg"]);
        assert_eq!(
            between(Some("2026-07-11"), Some("")),
            vec!["posyandu 100%.png", "posyandu-cugenang.png"]
        );
        assert!(between(Some("2026-07-12"), None).is_empty());
    }

    #[test]
    fn media_library_refuses_bad_dates_in_indonesian() {
        let (_dir, store, _, _) = fixture();
        let err = library(
            store.conn(),
            &LibraryFilter {
                from: Some("12/07/2026".into()),
                ..LibraryFilter::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid.from");
        assert!(err.to_string().contains("TTTT-BB-HH"), "{err}");
        let err = library(
            store.conn(),
            &LibraryFilter {
                from: Some("2026-07-12".into()),
                to: Some("2026-07-10".into()),
                ..LibraryFilter::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Tanggal akhir tidak boleh sebelum tanggal awal."
        );
    }

    #[test]
    fn media_library_keeps_to_the_limit() {
        let (_dir, store, _, _) = fixture();
        let page = library(
            store.conn(),
            &LibraryFilter {
                limit: Some(2),
                ..LibraryFilter::default()
            },
        )
        .unwrap();
        assert_eq!(
            names(&page),
            vec!["posyandu 100%.png", "posyandu-cugenang.png"]
        );
        let page = library(
            store.conn(),
            &LibraryFilter {
                limit: Some(0),
                ..LibraryFilter::default()
            },
        )
        .unwrap();
        assert_eq!(page.len(), 1);
    }

    #[test]
    fn media_new_draft_with_attaches_the_photo_and_refuses_a_screenshot() {
        let (_dir, store, items, _) = fixture();
        let draft = new_draft_with(store.conn(), &clock(), items[1].id).unwrap();
        assert_eq!(draft.title, "");
        let attached = crate::media::list_for_draft(store.conn(), draft.id).unwrap();
        assert_eq!(attached, vec![items[1].clone()]);

        let before: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
            .unwrap();
        let err = new_draft_with(store.conn(), &clock(), items[3].id).unwrap_err();
        assert_eq!(err.code(), "invalid.media");
        assert!(err.to_string().contains("tangkapan layar aduan"), "{err}");
        let after: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(before, after, "no draft is left behind");
        assert_eq!(
            new_draft_with(store.conn(), &clock(), 9999)
                .unwrap_err()
                .code(),
            "not_found"
        );
    }
}
