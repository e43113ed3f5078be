//! Versioned schema migrations, one numbered `.sql` file each under `core/migrations/`.
//! The version lives in SQLite's `user_version`; never edit a released file, add one.

use medsos_rules::wib::widen_stored;
use rusqlite::functions::FunctionFlags;
use rusqlite::Transaction;
use rusqlite_migration::{HookResult, Migrations, M};

const SCRIPTS: &[&str] = &[
    include_str!("../../migrations/001_agency_profile.sql"),
    include_str!("../../migrations/002_drafts.sql"),
    include_str!("../../migrations/003_content.sql"),
    include_str!("../../migrations/004_media.sql"),
    include_str!("../../migrations/005_calendar.sql"),
    include_str!("../../migrations/006_complaints.sql"),
    include_str!("../../migrations/007_sync_outbox.sql"),
    include_str!("../../migrations/008_sync_log.sql"),
    include_str!("../../migrations/009_briefs.sql"),
    include_str!("../../migrations/010_brief_fulfilments.sql"),
    include_str!("../../migrations/011_official_accounts.sql"),
    include_str!("../../migrations/012_programme_berakhlak_mulia.sql"),
];

/// Rewrites stored instants to the fixed width, with `widen(text)` (the shared rule
/// [`widen_stored`]) available to its SQL.
pub(crate) const FIXED_WIDTH_INSTANTS: &str =
    include_str!("../../migrations/013_fixed_width_instants.sql");

/// The scripts after the fixed-width rewrite.
const LATER: &[&str] = &[include_str!("../../migrations/014_meta_connection.sql")];

/// The schema version this build writes.
pub const LATEST_VERSION: usize = SCRIPTS.len() + 1 + LATER.len();

pub fn migrations() -> Migrations<'static> {
    let mut all: Vec<M<'static>> = SCRIPTS.iter().map(|sql| M::up(sql)).collect();
    all.push(M::up_with_hook("", |tx: &Transaction| {
        with_widen(tx, FIXED_WIDTH_INSTANTS)
    }));
    all.extend(LATER.iter().map(|sql| M::up(sql)));
    Migrations::new(all)
}

/// Runs `sql` with the SQL function `widen(text)`: [`widen_stored`], NULL for anything it
/// does not rewrite (numbers and NULL too). Registered for this run only.
pub(crate) fn with_widen(tx: &Transaction, sql: &str) -> HookResult {
    tx.create_scalar_function(
        "widen",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)
                .ok()
                .flatten()
                .and_then(|text| widen_stored(&text)))
        },
    )?;
    tx.execute_batch(sql)?;
    tx.remove_function("widen", 1)?;
    Ok(())
}
