//! Aduan import and export benchmarks (issue budget: an import of 10,000 rows <= 2 s),
//! into a fresh store and into a busy one already holding 100,000 complaints.
//!
//! Run with `cargo bench -p medsos-core --bench complaints_io`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use medsos_core::complaints::io::{self, ImportDefaults};
use medsos_core::complaints::{Channel, ComplaintFilter};
use medsos_core::{FixedClock, Store};
use std::hint::black_box;
use std::time::Duration;
use time::macros::datetime;

const ROWS: usize = 10_000;
/// The busy store of DESIGN.md's budgets: 100,000 complaints, imported as ten earlier files.
const EARLIER_FILES: usize = 10;

/// A Google Form export of 10,000 complaints, spread over the 32 kecamatan and a few
/// categories and channels. `file` tells earlier exports apart (their rows are not
/// duplicates of this one's).
fn form_csv(file: usize) -> Vec<u8> {
    let kecamatan = medsos_core::kecamatan::all();
    let categories = ["Jalan dan jembatan", "Kesehatan", "Bencana", "Lainnya"];
    let mut csv = String::from("Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori,Kanal\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "{}/{}/2026 {}:{:02}:00,Warga {file}-{i},08{:010},\"Aduan nomor {file}-{i}: jalan di dekat sekolah rusak dan berlubang, mohon segera diperbaiki sebelum musim hujan.\",Kec. {},{},{}\n",
            1 + i % 28,
            1 + i % 10,
            7 + i % 10,
            i % 60,
            i,
            kecamatan[i % 32].nama,
            categories[i % 4],
            ["IG", "WA", "FB", "Lapor"][i % 4],
        ));
    }
    csv.into_bytes()
}

fn benches(c: &mut Criterion) {
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let bytes = form_csv(0);
    let defaults = ImportDefaults::new(Channel::Whatsapp);

    if std::env::var_os("ADUAN_PHASES").is_some() {
        phases(&clock, &bytes, &defaults);
    }

    // The CLI's whole path: bytes -> table -> mapping -> checked commit.
    let import = |store: &mut Store, bytes: &[u8]| -> usize {
        let table = io::read_table(bytes).expect("table");
        let mapping = io::guess_mapping(&table.headers);
        io::commit(
            store.conn_mut(),
            &clock,
            &table,
            &mapping,
            &defaults,
            "bench",
        )
        .expect("import")
    };

    let mut group = c.benchmark_group("complaints_io");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));

    // Whole path the CLI takes: bytes -> table -> mapping -> checked commit, into a fresh
    // store each time (creating the store is outside the measurement).
    group.bench_function("import_10k_csv_rows_into_fresh_store", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let store = Store::open(dir.path().join("bench.sqlite3")).expect("open");
                (dir, store)
            },
            |(dir, mut store)| {
                assert_eq!(import(&mut store, &bytes), ROWS);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });

    // The same file into a store that already holds 100,000 complaints (the duplicate check
    // and the indexes work against them). Each sample gets its own copy of that store.
    let busy = tempfile::tempdir().expect("tempdir");
    let busy_path = busy.path().join("busy.sqlite3");
    {
        let mut store = Store::open(&busy_path).expect("open");
        for file in 1..=EARLIER_FILES {
            import(&mut store, &form_csv(file));
        }
        let held: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
            .expect("count");
        assert_eq!(held, (ROWS * EARLIER_FILES) as i64);
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
    }
    group.bench_function("import_10k_csv_rows_into_store_of_100k", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join("bench.sqlite3");
                std::fs::copy(&busy_path, &path).expect("copy");
                let store = Store::open(&path).expect("open");
                (dir, store)
            },
            |(dir, mut store)| {
                assert_eq!(import(&mut store, &bytes), ROWS);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    drop(busy);

    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("bench.sqlite3")).expect("open");
    let table = io::read_table(&bytes).expect("table");
    let mapping = io::guess_mapping(&table.headers);
    io::commit(
        store.conn_mut(),
        &clock,
        &table,
        &mapping,
        &defaults,
        "bench",
    )
    .expect("import");
    let all = ComplaintFilter::default();

    group.bench_function("export_10k_rows_xlsx", |b| {
        b.iter(|| {
            black_box(io::export_xlsx(store.conn(), &clock, &all, false, "bench").expect("xlsx"))
        })
    });
    group.bench_function("export_10k_rows_csv", |b| {
        b.iter(|| {
            black_box(io::export_csv(store.conn(), &clock, &all, false, "bench").expect("csv"))
        })
    });
    group.finish();
}

/// `ADUAN_PHASES=1`: where an import's time goes (best of 3 per phase), and what the FTS
/// index and the complaint indexes cost on their own (dropped in a scratch store).
fn phases(clock: &FixedClock, bytes: &[u8], defaults: &ImportDefaults) {
    let time = |label: &str, setup: &dyn Fn(&Store)| {
        let mut best = [Duration::MAX; 4];
        for _ in 0..3 {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut store = Store::open(dir.path().join("bench.sqlite3")).expect("open");
            setup(&store);
            let t = std::time::Instant::now();
            let table = io::read_table(bytes).expect("table");
            let mapping = io::guess_mapping(&table.headers);
            let t1 = t.elapsed();
            io::commit(store.conn_mut(), clock, &table, &mapping, defaults, "bench")
                .expect("import");
            let t2 = t.elapsed();
            let _ = store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
            let t3 = t.elapsed();
            for (b, v) in best.iter_mut().zip([t1, t2 - t1, t2, t3 - t2]) {
                *b = (*b).min(v);
            }
        }
        eprintln!(
            "{label}: read+map {:?}, commit {:?}, total {:?} (checkpoint after: {:?})",
            best[0], best[1], best[2], best[3]
        );
    };
    if let Some(options) = std::env::var_os("ADUAN_FTS") {
        let options = options.into_string().expect("utf-8");
        let extra = std::env::var("ADUAN_FTS_CONFIG").unwrap_or_default();
        time(&format!("FTS with {options} {extra}"), &|s| {
            s.conn()
                .execute_batch(&format!(
                    "DROP TABLE complaints_fts;
                     CREATE VIRTUAL TABLE complaints_fts USING fts5 (body, citizen_name, category,
                         tokenize = 'unicode61 remove_diacritics 2', {options}); {extra}"
                ))
                .expect("fts")
        });
        return;
    }
    time("as shipped", &|_| {});
    time("without FTS trigger", &|s| {
        s.conn()
            .execute_batch("DROP TRIGGER complaints_fts_insert")
            .expect("drop")
    });
    time("without secondary indexes", &|s| {
        s.conn()
            .execute_batch(
                "DROP INDEX complaints_by_rank; DROP INDEX complaints_by_status;
                 DROP INDEX complaints_by_status_category; DROP INDEX complaints_by_category;
                 DROP INDEX complaints_by_kecamatan; DROP INDEX complaints_by_channel;
                 DROP INDEX complaints_by_kind; DROP INDEX complaints_by_received;
                 DROP INDEX complaints_by_next_due; DROP INDEX complaints_by_closed;",
            )
            .expect("drop")
    });
}

criterion_group!(complaints_io_benches, benches);
criterion_main!(complaints_io_benches);
