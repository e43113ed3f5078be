//! The images of a draf, in carousel order.
//!
//! Positions are kept contiguous from 0 so that the order the admin sees is the order that
//! gets posted, with no gaps to interpret. Each change runs in its own transaction.

use super::item::{media_from_row, MediaItem};
use crate::error::{Error, Result};
use crate::store::savepoint;
use rusqlite::{params, Connection, OptionalExtension};

/// Adds `media_id` at the end of the draf's images and returns the new order. Attaching an
/// image that is already there changes nothing. More than Instagram's ten is allowed here,
/// so the admin can pick first and choose later; [`super::carousel_findings`] reports it.
pub fn attach(conn: &Connection, draft_id: i64, media_id: i64) -> Result<Vec<MediaItem>> {
    let tx = savepoint(conn)?;
    ensure_exists(&tx, "SELECT 1 FROM drafts WHERE id = ?1", draft_id, "Draf")?;
    ensure_exists(&tx, "SELECT 1 FROM media WHERE id = ?1", media_id, "Gambar")?;
    tx.execute(
        "INSERT OR IGNORE INTO draft_media (draft_id, media_id, position)
         SELECT ?1, ?2, COALESCE(MAX(position) + 1, 0) FROM draft_media WHERE draft_id = ?1",
        params![draft_id, media_id],
    )?;
    let items = list_for_draft(&tx, draft_id)?;
    tx.finish()?;
    Ok(items)
}

/// Removes `media_id` from the draf (the image stays in the library) and closes the gap.
pub fn detach(conn: &Connection, draft_id: i64, media_id: i64) -> Result<Vec<MediaItem>> {
    let tx = savepoint(conn)?;
    let removed = tx.execute(
        "DELETE FROM draft_media WHERE draft_id = ?1 AND media_id = ?2",
        params![draft_id, media_id],
    )?;
    if removed == 0 {
        return Err(not_attached());
    }
    let order = ordered_ids(&tx, draft_id)?;
    renumber(&tx, draft_id, &order)?;
    let items = list_for_draft(&tx, draft_id)?;
    tx.finish()?;
    Ok(items)
}

/// Moves `media_id` to `new_position` (0 is first; past the end means last), shifting the
/// others, as a drag in the carousel editor does.
pub fn move_to(
    conn: &Connection,
    draft_id: i64,
    media_id: i64,
    new_position: usize,
) -> Result<Vec<MediaItem>> {
    let tx = savepoint(conn)?;
    let mut order = ordered_ids(&tx, draft_id)?;
    let from = order
        .iter()
        .position(|&id| id == media_id)
        .ok_or_else(not_attached)?;
    let moved = order.remove(from);
    order.insert(new_position.min(order.len()), moved);
    renumber(&tx, draft_id, &order)?;
    let items = list_for_draft(&tx, draft_id)?;
    tx.finish()?;
    Ok(items)
}

/// The draf's images in carousel order; empty for a draf without images.
pub fn list_for_draft(conn: &Connection, draft_id: i64) -> Result<Vec<MediaItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.sha256, m.original_name, m.format, m.width, m.height, m.bytes, m.created_at
         FROM draft_media dm JOIN media m ON m.id = dm.media_id
         WHERE dm.draft_id = ?1
         ORDER BY dm.position, dm.media_id",
    )?;
    let rows = stmt.query_map([draft_id], media_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn ordered_ids(conn: &Connection, draft_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT media_id FROM draft_media WHERE draft_id = ?1 ORDER BY position, media_id",
    )?;
    let rows = stmt.query_map([draft_id], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes positions 0..n in the given order; a carousel is a handful of rows.
fn renumber(conn: &Connection, draft_id: i64, order: &[i64]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE draft_media SET position = ?3 WHERE draft_id = ?1 AND media_id = ?2",
    )?;
    for (position, media_id) in order.iter().enumerate() {
        stmt.execute(params![draft_id, media_id, position as i64])?;
    }
    Ok(())
}

fn ensure_exists(conn: &Connection, sql: &str, id: i64, what: &'static str) -> Result<()> {
    conn.query_row(sql, [id], |_| Ok(()))
        .optional()?
        .ok_or(Error::NotFound { what })
}

fn not_attached() -> Error {
    Error::NotFound {
        what: "Gambar pada draf ini",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::test_support::*;
    use crate::media::{import, media_dir};
    use crate::Store;

    /// A draf with `count` distinct images attached, and their ids in attach order.
    fn draft_with_images(dir: &std::path::Path, store: &Store, count: u32) -> (i64, Vec<i64>) {
        let draft_id = draft(store.conn(), "Bazar UMKM Cianjur");
        let media = media_dir(store.path());
        let ids = (0..count)
            .map(|n| {
                let source = write(dir, &format!("foto-{n}.png"), &png_bytes(20 + n, 20));
                let item = import(store.conn(), &clock(), &media, &source).unwrap();
                attach(store.conn(), draft_id, item.id).unwrap();
                item.id
            })
            .collect();
        (draft_id, ids)
    }

    fn positions(conn: &Connection, draft_id: i64) -> Vec<(i64, i64)> {
        let mut stmt = conn
            .prepare(
                "SELECT media_id, position FROM draft_media WHERE draft_id = ?1 ORDER BY position",
            )
            .unwrap();
        stmt.query_map([draft_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn ids(items: &[MediaItem]) -> Vec<i64> {
        items.iter().map(|item| item.id).collect()
    }

    #[test]
    fn media_attach_appends_in_order_and_ignores_a_repeat() {
        let dir = tempfile::tempdir().unwrap();
        let (_store_dir, store) = store();
        let (draft_id, media) = draft_with_images(dir.path(), &store, 3);
        let again = attach(store.conn(), draft_id, media[0]).unwrap();
        assert_eq!(ids(&again), media);
        assert_eq!(
            positions(store.conn(), draft_id),
            vec![(media[0], 0), (media[1], 1), (media[2], 2)]
        );
    }

    #[test]
    fn media_detach_closes_the_gap() {
        let dir = tempfile::tempdir().unwrap();
        let (_store_dir, store) = store();
        let (draft_id, media) = draft_with_images(dir.path(), &store, 4);
        let left = detach(store.conn(), draft_id, media[1]).unwrap();
        assert_eq!(ids(&left), vec![media[0], media[2], media[3]]);
        assert_eq!(
            positions(store.conn(), draft_id),
            vec![(media[0], 0), (media[2], 1), (media[3], 2)]
        );
        assert_eq!(
            detach(store.conn(), draft_id, media[1]).unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn media_move_to_reorders_and_keeps_positions_contiguous() {
        let dir = tempfile::tempdir().unwrap();
        let (_store_dir, store) = store();
        let (draft_id, m) = draft_with_images(dir.path(), &store, 4);

        let moved = move_to(store.conn(), draft_id, m[3], 0).unwrap();
        assert_eq!(ids(&moved), vec![m[3], m[0], m[1], m[2]]);
        let moved = move_to(store.conn(), draft_id, m[3], 2).unwrap();
        assert_eq!(ids(&moved), vec![m[0], m[1], m[3], m[2]]);
        let moved = move_to(store.conn(), draft_id, m[0], 99).unwrap();
        assert_eq!(ids(&moved), vec![m[1], m[3], m[2], m[0]]);
        assert_eq!(
            positions(store.conn(), draft_id),
            vec![(m[1], 0), (m[3], 1), (m[2], 2), (m[0], 3)]
        );
        assert_eq!(
            ids(&list_for_draft(store.conn(), draft_id).unwrap()),
            ids(&moved)
        );
    }

    #[test]
    fn media_attach_to_a_missing_draft_or_image_says_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let (_store_dir, store) = store();
        let (draft_id, media) = draft_with_images(dir.path(), &store, 1);
        let err = attach(store.conn(), draft_id + 100, media[0]).unwrap_err();
        assert_eq!(err.to_string(), "Draf tidak ditemukan.");
        let err = attach(store.conn(), draft_id, media[0] + 100).unwrap_err();
        assert_eq!(err.to_string(), "Gambar tidak ditemukan.");
    }

    #[test]
    fn media_an_image_keeps_its_place_in_each_draft_separately() {
        let dir = tempfile::tempdir().unwrap();
        let (_store_dir, store) = store();
        let (first, media) = draft_with_images(dir.path(), &store, 2);
        let second = draft(store.conn(), "Posyandu");
        attach(store.conn(), second, media[1]).unwrap();
        detach(store.conn(), first, media[1]).unwrap();
        assert_eq!(
            ids(&list_for_draft(store.conn(), second).unwrap()),
            vec![media[1]]
        );
        assert_eq!(
            ids(&list_for_draft(store.conn(), first).unwrap()),
            vec![media[0]]
        );
    }
}
