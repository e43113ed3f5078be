//! Versioned schema migrations, one numbered `.sql` file each under `server/migrations/`.
//! The version lives in SQLite's `user_version`; never edit a released file, add one.

use medsos_rules::wib::widen_stored;
use rusqlite::functions::FunctionFlags;
use rusqlite::Transaction;
use rusqlite_migration::{HookResult, Migrations, M};

const SCRIPTS: &[&str] = &[
    include_str!("../../../migrations/001_agencies_and_enrolment.sql"),
    include_str!("../../../migrations/002_summaries_and_publications.sql"),
    include_str!("../../../migrations/003_dashboard.sql"),
    include_str!("../../../migrations/004_accounts_and_reports.sql"),
    include_str!("../../../migrations/005_listings_and_devices.sql"),
    include_str!("../../../migrations/006_registry_generation.sql"),
];

/// Rewrites stored instants to the fixed width, with `widen(text)` (the shared rule
/// [`widen_stored`]) available to its SQL.
const FIXED_WIDTH_INSTANTS: &str = include_str!("../../../migrations/007_fixed_width_instants.sql");

/// The scripts after the fixed-width rewrite.
const LATER: &[&str] = &[
    include_str!("../../../migrations/008_meta.sql"),
    include_str!("../../../migrations/009_releases.sql"),
    include_str!("../../../migrations/010_regions.sql"),
    include_str!("../../../migrations/011_officer_scope.sql"),
    include_str!("../../../migrations/012_login_failures.sql"),
    include_str!("../../../migrations/013_roles_and_audit.sql"),
];

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
fn with_widen(tx: &Transaction, sql: &str) -> HookResult {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
