//! Finding drafts: full-text search (FTS5) and filters, a page at a time.

use super::model::{status_from_sql, DraftSummary, EXCERPT_CHARS};
use super::status::Status;
use crate::error::Result;
use crate::text::clean_line;
use medsos_rules::wib;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One definition, shared with the hub and the UI.
pub use medsos_rules::Platform;

/// The Konten list's filters; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftFilter {
    /// Words to find anywhere in the draft; each word matches as a prefix.
    pub query: Option<String>,
    pub status: Option<Status>,
    pub platform: Option<Platform>,
    #[ts(type = "number | null")]
    pub programme_id: Option<i64>,
    /// Last edited on or after this day (YYYY-MM-DD, WIB).
    pub from: Option<String>,
    /// Last edited on or before this day (YYYY-MM-DD, WIB).
    pub to: Option<String>,
}

/// Turns what the admin typed into a safe FTS5 query: every word quoted, prefix-matched,
/// all required. Operators typed by the admin are searched as plain words.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Converts a WIB day bound to the UTC instant text it compares with.
fn wib_day_start_utc(day: &str) -> Option<String> {
    let date = wib::parse_day(day.trim())?;
    Some(wib::to_stored(wib::day_start(date)))
}

/// Most recently edited first.
pub fn list(
    conn: &Connection,
    filter: &DraftFilter,
    limit: u32,
    offset: u32,
) -> Result<Vec<DraftSummary>> {
    let mut sql = String::from(
        "SELECT d.id, d.title, substr(d.body, 1, ?), d.status, d.for_instagram, d.for_facebook,
                d.programme_id, d.updated_at FROM drafts d",
    );
    let mut args: Vec<Value> = vec![Value::Integer(EXCERPT_CHARS as i64)];
    let mut conditions: Vec<&str> = Vec::new();
    if let Some(q) = filter.query.as_deref().and_then(fts_query) {
        // A membership test, with `+` so SQLite does not drive the query from the matches:
        // it walks drafts in recency order and stops at the page instead of fetching and
        // sorting every match (a common word in 20,000 drafts: 50 ms as a join, ~5 ms so).
        conditions.push("+d.id IN (SELECT rowid FROM drafts_fts WHERE drafts_fts MATCH ?)");
        args.push(Value::Text(q));
    }
    if let Some(status) = filter.status {
        conditions.push("d.status = ?");
        args.push(Value::Text(status.as_str().into()));
    }
    match filter.platform {
        Some(Platform::Instagram) => conditions.push("d.for_instagram = 1"),
        Some(Platform::Facebook) => conditions.push("d.for_facebook = 1"),
        None => {}
    }
    if let Some(p) = filter.programme_id {
        conditions.push("d.programme_id = ?");
        args.push(Value::Integer(p));
    }
    if let Some(from) = filter.from.as_deref().and_then(wib_day_start_utc) {
        conditions.push("d.updated_at >= ?");
        args.push(Value::Text(from));
    }
    if let Some(to) = filter.to.as_deref().and_then(|d| {
        let end = wib::day_end(wib::parse_day(d.trim())?)?;
        Some(wib::to_stored(end))
    }) {
        conditions.push("d.updated_at < ?");
        args.push(Value::Text(to));
    }
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY d.updated_at DESC, d.id DESC LIMIT ? OFFSET ?");
    args.push(Value::Integer(limit as i64));
    args.push(Value::Integer(offset as i64));

    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |row| {
        let excerpt: String = row.get(2)?;
        Ok(DraftSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            excerpt: clean_line(&excerpt),
            status: status_from_sql(row.get(3)?)?,
            for_instagram: row.get(4)?,
            for_facebook: row.get(5)?,
            programme_id: row.get(6)?,
            updated_at: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_operators_become_plain_quoted_words() {
        assert_eq!(
            fts_query("posyandu OR \"NEAR(cugenang"),
            Some("\"posyandu\"* \"OR\"* \"NEAR\"* \"cugenang\"*".into())
        );
        assert_eq!(fts_query("  ...  "), None);
    }
}
