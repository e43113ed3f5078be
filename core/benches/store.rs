//! Store benchmarks on a busy agency's data: 20,000 drafts (DESIGN.md budgets).
//!
//! Run with `cargo bench -p medsos-core`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_core::drafts::{self, DraftFilter, DraftInput};
use medsos_core::{FixedClock, Store};
use std::hint::black_box;
use time::macros::datetime;

const DRAFTS: usize = 20_000;

fn seeded_store(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("bench.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let clock = FixedClock::new(datetime!(2021-11-26 00:00 UTC));
    let tx = store.conn_mut().transaction().expect("tx");
    for i in 0..DRAFTS {
        clock.advance(time::Duration::minutes(131));
        drafts::create(
            &tx,
            &clock,
            &DraftInput {
                title: format!("Kegiatan pelayanan kesehatan nomor {i}"),
                programme_id: Some(1 + (i % 4) as i64),
                body: "Kegiatan Posyandu di Kecamatan Cugenang diikuti puluhan balita. Kader memantau tumbuh kembang dan memberi vitamin A. #CianjurManjur ".repeat(8),
                ..DraftInput::default()
            },
        )
        .expect("create");
    }
    tx.commit().expect("commit");
    path
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = seeded_store(dir.path());

    let store = Store::open(&path).expect("open");
    c.bench_function("drafts_list_first_page_of_50_of_20k", |b| {
        b.iter(|| {
            black_box(drafts::list(store.conn(), &DraftFilter::default(), 50, 0).expect("list"))
        })
    });
    c.bench_function("drafts_list_page_200_of_50_of_20k", |b| {
        b.iter(|| {
            black_box(
                drafts::list(store.conn(), &DraftFilter::default(), 50, 199 * 50).expect("list"),
            )
        })
    });
    // Full-text search: a common word (many hits, first page) and a rare one.
    let search = |q: &str| DraftFilter {
        query: Some(q.into()),
        ..DraftFilter::default()
    };
    c.bench_function("drafts_search_common_word_page_of_50_of_20k", |b| {
        b.iter(|| {
            black_box(drafts::list(store.conn(), &search("posyandu"), 50, 0).expect("search"))
        })
    });
    c.bench_function("drafts_search_rare_prefix_of_20k", |b| {
        b.iter(|| {
            black_box(drafts::list(store.conn(), &search("nomor 1234"), 50, 0).expect("search"))
        })
    });
    c.bench_function("drafts_filter_status_and_programme_of_20k", |b| {
        let f = DraftFilter {
            status: Some(drafts::Status::Draf),
            programme_id: Some(2),
            ..DraftFilter::default()
        };
        b.iter(|| black_box(drafts::list(store.conn(), &f, 50, 0).expect("filter")))
    });
    // One autosave of a 2,000-character draft: the update, its history check and the
    // findings the editor shows. Runs in an async command, off the UI thread.
    let clock = FixedClock::new(datetime!(2026-11-26 00:00 UTC));
    let draft = drafts::create(
        store.conn(),
        &clock,
        &DraftInput {
            title: "Rilis".into(),
            body: "a".repeat(2_000),
            ..DraftInput::default()
        },
    )
    .expect("draft");
    let mut n = 0u32;
    c.bench_function("autosave_update_and_findings_2000_chars_in_20k", |b| {
        b.iter(|| {
            n += 1;
            clock.advance(time::Duration::seconds(1));
            let input = DraftInput {
                title: "Rilis".into(),
                body: format!(
                    "{}{n} #CianjurManjur 0812-3456-7890",
                    "Kegiatan ".repeat(220)
                ),
                source: "Dinkes".into(),
                ..DraftInput::default()
            };
            let saved = drafts::update(store.conn(), &clock, draft.id, &input).expect("update");
            black_box(drafts::findings(store.conn(), &saved).expect("findings"))
        })
    });
    drop(store);

    // Opening includes the integrity check, so this is the store's share of app start-up.
    c.bench_function("store_open_with_integrity_check_20k_drafts", |b| {
        b.iter(|| black_box(Store::open(&path).expect("open")))
    });
}

criterion_group!(store, benches);
criterion_main!(store);
