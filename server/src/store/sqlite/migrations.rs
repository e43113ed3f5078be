//! Versioned schema migrations, one numbered `.sql` file each under `server/migrations/`.
//! The version lives in SQLite's `user_version`; never edit a released file, add one.

use rusqlite_migration::{Migrations, M};

const SCRIPTS: &[&str] = &[
    include_str!("../../../migrations/001_agencies_and_enrolment.sql"),
    include_str!("../../../migrations/002_summaries_and_publications.sql"),
    include_str!("../../../migrations/003_dashboard.sql"),
    include_str!("../../../migrations/004_accounts_and_reports.sql"),
    include_str!("../../../migrations/005_listings_and_devices.sql"),
    include_str!("../../../migrations/006_registry_generation.sql"),
    include_str!("../../../migrations/007_fixed_width_instants.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: usize = SCRIPTS.len();

pub fn migrations() -> Migrations<'static> {
    Migrations::new(SCRIPTS.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
