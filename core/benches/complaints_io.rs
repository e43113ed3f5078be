//! Aduan import and export benchmarks (issue budget: an import of 10,000 rows <= 2 s).
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

/// A Google Form export of 10,000 complaints, spread over the 32 kecamatan and a few
/// categories and channels.
fn form_csv() -> Vec<u8> {
    let kecamatan = medsos_core::kecamatan::all();
    let categories = ["Jalan dan jembatan", "Kesehatan", "Bencana", "Lainnya"];
    let mut csv = String::from("Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori,Kanal\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "{}/{}/2026 {}:{:02}:00,Warga {i},08{:010},\"Aduan nomor {i}: jalan di dekat sekolah rusak dan berlubang, mohon segera diperbaiki sebelum musim hujan.\",Kec. {},{},{}\n",
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
    let bytes = form_csv();
    let defaults = ImportDefaults::new(Channel::Whatsapp);

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
                let table = io::read_table(&bytes).expect("table");
                let mapping = io::guess_mapping(&table.headers);
                let n = io::commit(
                    store.conn_mut(),
                    &clock,
                    &table,
                    &mapping,
                    &defaults,
                    "bench",
                )
                .expect("import");
                assert_eq!(n, ROWS);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });

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

criterion_group!(complaints_io_benches, benches);
criterion_main!(complaints_io_benches);
