//! Calendar benchmarks on a busy agency after five years: 40,000 slots (DESIGN.md budgets:
//! month view <= 2 ms, reminder scan <= 5 ms).
//!
//! Run with `cargo bench -p medsos-core --bench calendar`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_core::calendar;
use medsos_core::clock::to_stored;
use medsos_core::{FixedClock, Store};
use rusqlite::params;
use std::hint::black_box;
use time::macros::datetime;
use time::Duration;

const SLOTS: i64 = 40_000;
/// Two slots per draft, one on each platform, as most agencies post.
const SLOTS_PER_DRAFT: i64 = 2;

/// Rows are written directly, in one transaction, so seeding takes seconds; the shapes are
/// what `calendar::schedule` and `mark_published` write.
fn seeded_store(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("bench.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let tx = store.conn_mut().transaction().expect("tx");
    let first = datetime!(2022-01-01 02:00 UTC);
    let now = datetime!(2026-11-26 03:00 UTC);
    // 40,000 slots over five years: one every ~66 minutes, on the minute.
    let step = Duration::minutes(5 * 365 * 24 * 60 / (SLOTS / SLOTS_PER_DRAFT));
    for d in 0..SLOTS / SLOTS_PER_DRAFT {
        let at = first + step * (d as i32);
        let past = at < now;
        let stamp = to_stored(at - Duration::days(2));
        tx.execute(
            "INSERT INTO drafts (title, body, status, hashtags, source, created_at, updated_at)
             VALUES (?1, ?2, ?3, '#CianjurManjur', 'Dinas', ?4, ?4)",
            params![
                format!("Kegiatan pelayanan nomor {d}"),
                "Kegiatan Posyandu di Kecamatan Cugenang. #CianjurManjur",
                if past { "terbit" } else { "terjadwal" },
                stamp
            ],
        )
        .expect("draft");
        let draft_id = tx.last_insert_rowid();
        for (i, platform) in ["instagram", "facebook"].into_iter().enumerate() {
            let slot_at = at + Duration::minutes(30 * i as i64);
            // Most past slots went out; one in ten was missed.
            let status = match (past, d % 10) {
                (false, _) => "terjadwal",
                (true, 0) => "terlewat",
                (true, _) => "terbit",
            };
            tx.execute(
                "INSERT INTO slots (draft_id, platform, at, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![draft_id, platform, to_stored(slot_at), status, stamp],
            )
            .expect("slot");
        }
    }
    tx.commit().expect("commit");
    path
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = seeded_store(dir.path());
    let store = Store::open(&path).expect("open");
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));

    c.bench_function("calendar_month_view_of_40k_slots", |b| {
        b.iter(|| {
            black_box(calendar::range(store.conn(), "2026-11-01", "2026-11-30").expect("range"))
        })
    });
    c.bench_function("calendar_reminder_scan_of_40k_slots", |b| {
        b.iter(|| black_box(calendar::due_reminders(store.conn(), &clock, 30).expect("scan")))
    });
}

criterion_group!(calendar_benches, benches);
criterion_main!(calendar_benches);
