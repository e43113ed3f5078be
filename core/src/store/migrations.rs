//! Versioned schema migrations, one numbered `.sql` file each under `core/migrations/`.
//! The version lives in SQLite's `user_version`; never edit a released file, add one.

use rusqlite_migration::{Migrations, M};

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
    include_str!("../../migrations/013_fixed_width_instants.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: usize = SCRIPTS.len();

pub fn migrations() -> Migrations<'static> {
    Migrations::new(SCRIPTS.iter().map(|sql| M::up(sql)).collect())
}
