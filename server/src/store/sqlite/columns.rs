//! How the hub's values are read out of a row's columns, where a column's text is not the
//! value itself.

/// A stored UTC instant column (see `clock::to_stored`); NULL, or text that is not one, is
/// `None`.
pub(crate) fn instant_at(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<time::OffsetDateTime>> {
    Ok(row
        .get::<_, Option<String>>(index)?
        .as_deref()
        .and_then(crate::clock::from_stored))
}
