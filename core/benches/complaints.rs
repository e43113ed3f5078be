//! Aduan benchmarks at the size issue 5 budgets for: 100,000 complaints (a filtered, sorted
//! page of 50 <= 5 ms; a search <= 10 ms at p95).
//!
//! Run with `cargo bench -p medsos-core --bench complaints`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_core::calendar::wib;
use medsos_core::complaints::{
    self, Channel, ComplaintFilter, ComplaintInput, ComplaintKind, ComplaintStatus,
};
use medsos_core::{FixedClock, Store};
use std::hint::black_box;
use time::macros::datetime;
use time::Duration;

const COMPLAINTS: usize = 100_000;

const WORDS: [&str; 12] = [
    "jalan rusak berlubang di depan sekolah",
    "lampu penerangan jalan mati sejak minggu lalu",
    "pelayanan puskesmas lambat dan antrean panjang",
    "air PDAM tidak mengalir tiga hari",
    "sampah menumpuk di pinggir sungai",
    "bantuan sosial belum diterima warga",
    "KTP elektronik belum jadi padahal sudah rekam",
    "jembatan gantung goyang membahayakan anak sekolah",
    "longsor menutup akses jalan desa",
    "guru honorer belum menerima gaji",
    "parkir liar di trotoar alun-alun",
    "pungutan liar saat mengurus surat pindah",
];

/// 100,000 complaints over four years through `insert_many` (the import path), then a
/// realistic spread of statuses written directly: most are closed, a tail is open.
fn seeded_store(dir: &std::path::Path) -> (Store, FixedClock) {
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let mut store = Store::open(dir.join("bench.sqlite3")).expect("open");
    let first = datetime!(2022-12-01 01:00 UTC);
    let step = (datetime!(2026-11-26 02:00 UTC) - first) / COMPLAINTS as u32;
    let categories = complaints::categories::list(store.conn()).expect("categories");
    let kecamatan = medsos_core::kecamatan::all();
    let inputs: Vec<ComplaintInput> = (0..COMPLAINTS)
        .map(|i| ComplaintInput {
            channel: Channel::ALL[i % Channel::ALL.len()],
            source_url: String::new(),
            citizen_name: format!("Warga {}", i % 5_000),
            citizen_contact: format!("0812{:08}", i),
            body: format!(
                "{} di kampung {} nomor {i}. Mohon ditindaklanjuti.",
                WORDS[i % WORDS.len()],
                kecamatan[i % 32].nama
            ),
            received_at_wib: wib::format_minute(first + step * i as u32),
            kind: ComplaintKind::ALL[(i / 7) % 3],
            category_id: categories[(i / 3) % categories.len()].id,
            kecamatan: if i % 17 == 0 {
                String::new()
            } else {
                kecamatan[(i / 5) % 32].kode.clone()
            },
        })
        .collect();
    let tx = store.conn_mut().transaction().expect("tx");
    complaints::insert_many(&tx, &clock, &inputs, "Bench").expect("insert");
    // Older than the last 1,500 are closed in one of the four ways; the rest spread over
    // the open statuses and ditunda.
    tx.execute_batch(&format!(
        "UPDATE complaints SET
             status = CASE id % 20 WHEN 0 THEN 'diteruskan' WHEN 1 THEN 'diarsipkan'
                               WHEN 2 THEN 'bukan_wewenang' ELSE 'selesai' END,
             closed_at = received_at, resolved_at = received_at, first_response_at = received_at,
             verified_at = received_at, followed_up_at = received_at,
             next_due_at = NULL, next_due_kind = NULL,
             list_rank = 20000000000 - unixepoch(received_at)
         WHERE id <= {};
         UPDATE complaints SET
             status = CASE id % 4 WHEN 0 THEN 'baru' WHEN 1 THEN 'diverifikasi'
                               WHEN 2 THEN 'ditindaklanjuti' ELSE 'ditunda' END,
             paused_from = CASE id % 4 WHEN 3 THEN 'baru' END
         WHERE id > {};",
        COMPLAINTS - 1_500,
        COMPLAINTS - 1_500
    ))
    .expect("statuses");
    tx.commit().expect("commit");
    complaints::recompute_open_deadlines(store.conn(), &clock).expect("recompute");
    store.conn().execute_batch("ANALYZE").expect("analyze");
    (store, clock)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, clock) = seeded_store(dir.path());
    let conn = store.conn();
    let cases: Vec<(&str, ComplaintFilter)> = vec![
        ("default_page", ComplaintFilter::default()),
        (
            "status_category_page",
            ComplaintFilter {
                status: Some(ComplaintStatus::Selesai),
                category_id: Some(2),
                ..Default::default()
            },
        ),
        (
            "overdue_page",
            ComplaintFilter {
                overdue: Some(true),
                ..Default::default()
            },
        ),
        (
            "search_common_word",
            ComplaintFilter {
                query: Some("jalan".into()),
                ..Default::default()
            },
        ),
        (
            "search_rare_word",
            ComplaintFilter {
                query: Some("gantung goyang".into()),
                ..Default::default()
            },
        ),
        (
            "search_common_with_status",
            ComplaintFilter {
                query: Some("sekolah".into()),
                status: Some(ComplaintStatus::Baru),
                ..Default::default()
            },
        ),
    ];
    if std::env::var_os("ADUAN_EXPLAIN").is_some() {
        for sql in [
            "SELECT count(*) FROM complaints c",
            "SELECT c.id FROM complaints c ORDER BY c.list_rank, c.id LIMIT 50",
            "SELECT count(*) FROM complaints c WHERE c.status = 'selesai' AND c.category_id = 2",
            "SELECT c.id FROM complaints c WHERE c.status = 'selesai' AND c.category_id = 2 ORDER BY c.list_rank, c.id LIMIT 50",
            "SELECT count(*) FROM complaints c WHERE c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH '\"jalan\"*')",
            "SELECT c.id FROM complaints c WHERE +c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH '\"jalan\"*') ORDER BY c.list_rank, c.id LIMIT 50",
        ] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
            let plan: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .expect("plan")
                .map(|r| r.expect("row"))
                .collect();
            let t = std::time::Instant::now();
            conn.prepare(sql).expect("sql").query_map([], |_| Ok(())).expect("q").for_each(drop);
            eprintln!("{sql}\n  {plan:?} {:?}", t.elapsed());
        }
    }
    for (name, filter) in &cases {
        let page = complaints::list(conn, &clock, filter, 50, 0).expect("list");
        eprintln!("{name}: total {} page {}", page.total, page.items.len());
        c.bench_function(&format!("complaints_{name}"), |b| {
            b.iter(|| black_box(complaints::list(conn, &clock, filter, 50, 0).expect("list")))
        });
    }
    let _ = Duration::ZERO;
}

criterion_group!(benches, bench);
criterion_main!(benches);
