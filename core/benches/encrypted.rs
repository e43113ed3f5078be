//! Encryption at rest (issue 18) at a busy agency's size: 100,000 complaints and 20,000
//! drafts in one store, measured plain and encrypted (SQLCipher, the same file encrypted
//! in place by `encrypt_plain_store`) in the same run, so the ratio compares like with
//! like. Budgets: inbox page of 50 <= 5 ms, search <= 10 ms at p95, `Store::open` <= 300 ms.
//! Criterion gives each case's mean; every list is also timed call by call for its p50 and
//! p95 (`p95 ...` lines).
//!
//! Run with `cargo bench -p medsos-core --bench encrypted`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_core::calendar::wib;
use medsos_core::complaints::{
    self, Channel, ComplaintFilter, ComplaintInput, ComplaintKind, ComplaintStatus,
};
use medsos_core::drafts::{self, DraftFilter, DraftInput};
use medsos_core::keystore::StoreKey;
use medsos_core::{FixedClock, Store};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use time::macros::datetime;

#[path = "support/mix.rs"]
mod mix;
#[path = "support/percentiles.rs"]
mod percentiles;
use mix::mix;

const COMPLAINTS: usize = 100_000;
const DRAFTS: usize = 20_000;
const CALLS: usize = 300;

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
const DESA: [&str; 20] = [
    "Sukamaju",
    "Cijaya",
    "Mekarmulya",
    "Sindangsari",
    "Karanglaksana",
    "Gunungasih",
    "Padasrahayu",
    "Bojongwangi",
    "Sirnagalih",
    "Tegalresmi",
    "Wangunbodas",
    "Neglasari",
    "Babakankerta",
    "Pasirmanah",
    "Rawatanjung",
    "Sukahurip",
    "Ciwening",
    "Mekarendah",
    "Sindangkawung",
    "Karanggede",
];
const GIVEN: [&str; 10] = [
    "Ujang", "Siti", "Asep", "Dewi", "Cecep", "Euis", "Dadang", "Neneng", "Iwan", "Rina",
];
const FAMILY: [&str; 10] = [
    "Saepudin",
    "Rohmat",
    "Kurniasih",
    "Hidayat",
    "Suryana",
    "Maryati",
    "Supriatna",
    "Nurjanah",
    "Gunawan",
    "Rahmawati",
];
const SENTENCES: [&str; 8] = [
    "Kegiatan Posyandu di Kecamatan Cugenang diikuti puluhan balita.",
    "Bupati meresmikan jembatan gantung yang menghubungkan dua desa.",
    "Vaksinasi campak dan rubela digelar di puskesmas selama sepekan.",
    "Pasar murah menjelang hari raya menyediakan beras dan minyak goreng.",
    "Petugas BPBD memeriksa tebing rawan longsor setelah hujan deras.",
    "Festival budaya menampilkan tari jaipong dan kuda renggong.",
    "Sosialisasi pencegahan stunting menyasar ibu hamil dan calon pengantin.",
    "Pentas seni pelajar memeriahkan peringatan hari jadi Cianjur.",
];

/// The plain store: 100,000 complaints over four years (the last 1,500 open) through the
/// import path, and 20,000 drafts of about 1 KB.
fn seed(path: &Path) {
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let mut store = Store::open(path).expect("open");
    let first = datetime!(2022-12-01 01:00 UTC);
    let step = (datetime!(2026-11-26 02:00 UTC) - first) / COMPLAINTS as u32;
    let categories = complaints::categories::list(store.conn()).expect("categories");
    let kecamatan = medsos_core::kecamatan::all();
    let inputs: Vec<ComplaintInput> = (0..COMPLAINTS)
        .map(|i| {
            let name = mix(i, 2) as usize;
            // "Karanggede" only one complaint in 500: the rare word.
            let desa = if i % 500 == 7 {
                DESA[19]
            } else {
                DESA[(mix(i, 4) % 19) as usize]
            };
            ComplaintInput {
                channel: Channel::ALL[i % Channel::ALL.len()],
                source_url: String::new(),
                citizen_name: format!(
                    "{} {}",
                    GIVEN[name % GIVEN.len()],
                    FAMILY[(name / GIVEN.len()) % FAMILY.len()]
                ),
                citizen_contact: format!("0812{i:08}"),
                body: format!(
                    "{} di desa {desa}, kecamatan {}. Laporan nomor {i}. Mohon ditindaklanjuti.",
                    WORDS[(mix(i, 3) % WORDS.len() as u64) as usize],
                    kecamatan[i % 32].nama
                ),
                received_at_wib: wib::format_minute(first + step * i as u32),
                kind: ComplaintKind::ALL[(i / 7) % 3],
                category_id: categories[(i / 3) % categories.len()].id,
                kecamatan: kecamatan[(i / 5) % 32].kode.clone(),
            }
        })
        .collect();
    let tx = store.conn_mut().transaction().expect("tx");
    complaints::insert_many(&tx, &clock, &inputs, "Bench").expect("insert");
    tx.execute_batch(&format!(
        "UPDATE complaints SET
             status = CASE id % 20 WHEN 0 THEN 'diteruskan' WHEN 1 THEN 'diarsipkan'
                               WHEN 2 THEN 'bukan_wewenang' ELSE 'selesai' END,
             closed_at = received_at, resolved_at = received_at, first_response_at = received_at,
             verified_at = received_at, followed_up_at = received_at,
             next_due_at = NULL, next_due_kind = NULL,
             list_rank = 20000000000 - unixepoch(received_at)
         WHERE id <= {n};
         UPDATE complaints SET
             status = CASE id % 4 WHEN 0 THEN 'baru' WHEN 1 THEN 'diverifikasi'
                               WHEN 2 THEN 'ditindaklanjuti' ELSE 'ditunda' END,
             paused_from = CASE id % 4 WHEN 3 THEN 'baru' END
         WHERE id > {n};",
        n = COMPLAINTS - 1_500
    ))
    .expect("statuses");
    let draft_clock = FixedClock::new(datetime!(2021-11-26 00:00 UTC));
    for i in 0..DRAFTS {
        draft_clock.advance(time::Duration::minutes(131));
        let body: Vec<&str> = (0..8)
            .map(|k| SENTENCES[(mix(i, k) % SENTENCES.len() as u64) as usize])
            .collect();
        drafts::create(
            &tx,
            &draft_clock,
            &DraftInput {
                title: format!("Kegiatan {i}"),
                programme_id: Some(1 + (i % 4) as i64),
                body: body.join(" ").repeat(2),
                ..DraftInput::default()
            },
        )
        .expect("draft");
    }
    tx.commit().expect("commit");
    complaints::recompute_open_deadlines(store.conn(), &clock).expect("recompute");
    store.conn().execute_batch("ANALYZE").expect("analyze");
}

/// The two stores: the seeded plain one and its copy encrypted in place.
fn stores(dir: &Path) -> (PathBuf, PathBuf, StoreKey) {
    let plain = dir.join("plain.sqlite3");
    let encrypted = dir.join("encrypted.sqlite3");
    let started = std::time::Instant::now();
    seed(&plain);
    eprintln!("seeded in {:.1} s", started.elapsed().as_secs_f64());
    // A closed store is one file (the WAL is folded in when the last connection closes).
    std::fs::copy(&plain, &encrypted).expect("copy");
    let key = StoreKey::generate();
    let started = std::time::Instant::now();
    medsos_core::store::encrypt_plain_store(&encrypted, &key).expect("encrypt");
    eprintln!(
        "encrypted in place in {:.1} s; sizes: plain {} MB, encrypted {} MB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&plain).expect("size").len() / 1_000_000,
        std::fs::metadata(&encrypted).expect("size").len() / 1_000_000
    );
    (plain, encrypted, key)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plain_path, encrypted_path, key) = stores(dir.path());
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let search = |q: &str| ComplaintFilter {
        query: Some(q.into()),
        ..Default::default()
    };
    let cases: Vec<(&str, ComplaintFilter)> = vec![
        ("inbox_default_page", ComplaintFilter::default()),
        (
            "inbox_status_category_page",
            ComplaintFilter {
                status: Some(ComplaintStatus::Selesai),
                category_id: Some(2),
                ..Default::default()
            },
        ),
        ("search_common_word", search("jalan")),
        ("search_rare_word", search("Karanggede")),
        ("search_full_name", search("Siti Hidayat")),
    ];
    let draft_search = DraftFilter {
        query: Some("posyandu".into()),
        ..DraftFilter::default()
    };

    for (variant, store) in [
        ("plain", Store::open(&plain_path).expect("open plain")),
        (
            "encrypted",
            Store::open_encrypted(&encrypted_path, &key).expect("open encrypted"),
        ),
    ] {
        let conn = store.conn();
        let mut group = c.benchmark_group(format!("{variant}_100k_complaints_20k_drafts"));
        group.sample_size(30);
        group.measurement_time(Duration::from_secs(3));
        group.warm_up_time(Duration::from_secs(1));
        for (name, filter) in &cases {
            let page = complaints::list(conn, &clock, filter, 50, 0).expect("list");
            eprintln!(
                "{variant} {name}: total {} page {}",
                page.total,
                page.items.len()
            );
            group.bench_function(*name, |b| {
                b.iter(|| black_box(complaints::list(conn, &clock, filter, 50, 0).expect("list")))
            });
        }
        group.bench_function("drafts_search_common_word", |b| {
            b.iter(|| black_box(drafts::list(conn, &draft_search, 50, 0).expect("drafts")))
        });
        group.finish();
        for (name, filter) in &cases {
            percentiles::sample(&format!("{variant} complaints {name}"), CALLS, || {
                black_box(complaints::list(conn, &clock, filter, 50, 0).expect("list"));
            });
        }
        percentiles::sample(
            &format!("{variant} drafts search common word"),
            CALLS,
            || {
                black_box(drafts::list(conn, &draft_search, 50, 0).expect("drafts"));
            },
        );
    }

    // The checked open runs the quick check over every page: with SQLCipher every page is
    // also decrypted and its HMAC checked.
    let mut group = c.benchmark_group("store_open_100k_complaints_20k_drafts");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("plain", |b| {
        b.iter(|| black_box(Store::open(&plain_path).expect("open")))
    });
    group.bench_function("encrypted", |b| {
        b.iter(|| black_box(Store::open_encrypted(&encrypted_path, &key).expect("open")))
    });
    // What the window waits for: the store open for reading, its writes held by the check
    // that runs after the first screen.
    group.bench_function("plain_check_deferred", |b| {
        b.iter(|| black_box(Store::open_later(&plain_path).expect("open")))
    });
    group.bench_function("encrypted_check_deferred", |b| {
        b.iter(|| black_box(Store::open_encrypted_later(&encrypted_path, &key).expect("open")))
    });
    group.finish();
    percentiles::sample("plain Store::open_later (check deferred)", 50, || {
        black_box(Store::open_later(&plain_path).expect("open"));
    });
    percentiles::sample("plain open (check deferred) + first inbox page", 50, || {
        let (store, check) = Store::open_later(&plain_path).expect("open");
        black_box(
            complaints::list(store.conn(), &clock, &ComplaintFilter::default(), 50, 0)
                .expect("list"),
        );
        black_box(check);
    });
    percentiles::sample("plain deferred quick check", 10, || {
        let (store, check) = Store::open_later(&plain_path).expect("open");
        check.run().expect("check passes");
        black_box(store);
    });
    // The window's own open: the key read from the OS credential store first (a Secret
    // Service round trip), when the run has one (a desktop session, or a private gnome-keyring
    // as the tests start).
    match medsos_core::keystore::save_store_key(&encrypted_path, &key) {
        Ok(()) => {
            percentiles::sample(
                "encrypted Store::open_protected_later (key from the credential store)",
                50,
                || {
                    black_box(Store::open_protected_later(&encrypted_path).expect("open"));
                },
            );
            let _ = medsos_core::keystore::delete_store_key(&encrypted_path);
        }
        Err(e) => eprintln!("Store::open_protected_later not measured: no credential store ({e})"),
    }
    percentiles::sample(
        "encrypted Store::open_encrypted_later (check deferred)",
        50,
        || {
            black_box(Store::open_encrypted_later(&encrypted_path, &key).expect("open"));
        },
    );
    // Open, then the first screen's reads: the inbox page and the draft count.
    percentiles::sample(
        "encrypted open (check deferred) + first inbox page",
        50,
        || {
            let (store, check) = Store::open_encrypted_later(&encrypted_path, &key).expect("open");
            black_box(
                complaints::list(store.conn(), &clock, &ComplaintFilter::default(), 50, 0)
                    .expect("list"),
            );
            black_box(check);
        },
    );
    percentiles::sample(
        "encrypted deferred quick check (after the first screen)",
        10,
        || {
            let (store, check) = Store::open_encrypted_later(&encrypted_path, &key).expect("open");
            check.run().expect("check passes");
            black_box(store);
        },
    );
    percentiles::sample("plain Store::open", 20, || {
        black_box(Store::open(&plain_path).expect("open"));
    });
    percentiles::sample("encrypted Store::open", 20, || {
        black_box(Store::open_encrypted(&encrypted_path, &key).expect("open"));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
