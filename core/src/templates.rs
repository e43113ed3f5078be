//! Templat: reusable narratives with placeholders such as {kegiatan}, {tanggal}, {lokasi}.

use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use regex::Regex;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use ts_rs::TS;

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([a-z_]+)\}").expect("valid placeholder pattern"));

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Template {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub body: String,
    pub builtin: bool,
    /// The placeholders in the body, in order of first appearance.
    pub placeholders: Vec<String>,
}

pub fn placeholders(body: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for cap in PLACEHOLDER.captures_iter(body) {
        let name = cap[1].to_string();
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen
}

/// Fills the placeholders that have a non-empty value; the rest stay visible as `{name}`
/// so the admin sees what is still to write.
pub fn fill(body: &str, values: &BTreeMap<String, String>) -> String {
    PLACEHOLDER
        .replace_all(body, |cap: &regex::Captures<'_>| {
            match values
                .get(&cap[1])
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            {
                Some(v) => v.to_string(),
                None => cap[0].to_string(),
            }
        })
        .into_owned()
}

pub fn list(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, body, builtin FROM templates ORDER BY builtin DESC, name",
    )?;
    let rows = stmt.query_map([], |r| {
        let body: String = r.get(2)?;
        Ok(Template {
            id: r.get(0)?,
            name: r.get(1)?,
            placeholders: placeholders(&body),
            body,
            builtin: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Template> {
    list(conn)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(Error::NotFound { what: "Templat" })
}

/// Saves a narrative as a new template the admin can reuse.
pub fn create(conn: &Connection, name: &str, body: &str) -> Result<Template> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(Error::invalid("template_name", "Nama templat wajib diisi."));
    }
    check_length("template_name", "Nama templat", &name, 80)?;
    if body.trim().is_empty() {
        return Err(Error::invalid(
            "template_body",
            "Templat tanpa isi tidak dapat disimpan.",
        ));
    }
    check_length("template_body", "Isi templat", body, 20_000)?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM templates WHERE lower(name) = lower(?1))",
        [&name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid(
            "template_name",
            format!("Templat \"{name}\" sudah ada. Pilih nama lain."),
        ));
    }
    conn.execute(
        "INSERT INTO templates (name, body, builtin) VALUES (?1, ?2, 0)",
        params![name, body],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Removes a template the admin made; the default ones stay.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let template = get(conn, id)?;
    if template.builtin {
        return Err(Error::invalid(
            "template",
            "Templat bawaan tidak dapat dihapus.",
        ));
    }
    conn.execute("DELETE FROM templates WHERE id = ?1", [id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filling_a_template_leaves_unfilled_placeholders_visible() {
        let mut values = BTreeMap::new();
        values.insert("kegiatan".to_string(), "Posyandu".to_string());
        values.insert("lokasi".to_string(), "  ".to_string());
        assert_eq!(
            fill("{kegiatan} di {lokasi} pada {tanggal}", &values),
            "Posyandu di {lokasi} pada {tanggal}"
        );
        assert_eq!(placeholders("{a} {b} {a}"), vec!["a", "b"]);
    }

    #[test]
    fn default_templates_exist_after_migration() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path().join("s.sqlite3")).unwrap();
        let names: Vec<String> = list(store.conn())
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        for wanted in ["Rilis kegiatan", "Ucapan hari besar", "Klarifikasi aduan"] {
            assert!(
                names.iter().any(|n| n == wanted),
                "{wanted} missing from {names:?}"
            );
        }
        let rilis = list(store.conn())
            .unwrap()
            .into_iter()
            .find(|t| t.name == "Rilis kegiatan")
            .unwrap();
        assert!(rilis.placeholders.contains(&"kegiatan".to_string()));
    }

    #[test]
    fn an_admin_template_is_saved_once_and_defaults_cannot_be_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path().join("s.sqlite3")).unwrap();
        let conn = store.conn();
        let t = create(
            conn,
            "Rilis vaksinasi",
            "Vaksinasi di {lokasi} pada {tanggal}.",
        )
        .unwrap();
        assert_eq!(t.placeholders, vec!["lokasi", "tanggal"]);
        assert_eq!(
            create(conn, "rilis VAKSINASI", "x").unwrap_err().code(),
            "invalid.template_name"
        );
        assert_eq!(
            create(conn, "Kosong", "  ").unwrap_err().code(),
            "invalid.template_body"
        );
        let builtin = list(conn).unwrap().into_iter().find(|t| t.builtin).unwrap();
        assert_eq!(
            delete(conn, builtin.id).unwrap_err().code(),
            "invalid.template"
        );
        delete(conn, t.id).unwrap();
        assert!(list(conn).unwrap().iter().all(|x| x.id != t.id));
    }
}
