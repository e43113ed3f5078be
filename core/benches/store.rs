//! Store benchmarks on a busy agency's data: 20,000 drafts of differing text (DESIGN.md
//! budgets). Criterion gives each case's mean; the lists are also timed call by call for
//! their p50 and p95 (`p95 ...` lines).
//!
//! Run with `cargo bench -p medsos-core`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_core::drafts::{self, DraftFilter, DraftInput};
use medsos_core::{FixedClock, Store};
use std::hint::black_box;
use time::macros::datetime;

#[path = "support/percentiles.rs"]
mod percentiles;

const DRAFTS: usize = 20_000;
/// Per-call samples for the p95 budgets.
const CALLS: usize = 300;

/// Sentences an agency's narratives are made of; each draft picks eight, so bodies differ
/// and a word is as common as its sentences (FTS cost depends on it).
const SENTENCES: [&str; 24] = [
    "Kegiatan Posyandu di Kecamatan Cugenang diikuti puluhan balita.",
    "Kader memantau tumbuh kembang dan memberi vitamin A.",
    "Bupati meresmikan jembatan gantung yang menghubungkan dua desa.",
    "Dinas Pendidikan menyalurkan bantuan seragam bagi siswa sekolah dasar.",
    "Vaksinasi campak dan rubela digelar di puskesmas selama sepekan.",
    "Warga diimbau menjaga kebersihan sungai dan tidak membuang sampah sembarangan.",
    "Pasar murah menjelang hari raya menyediakan beras dan minyak goreng.",
    "Pelatihan UMKM membahas pemasaran daring bagi perajin anyaman bambu.",
    "Petugas BPBD memeriksa tebing rawan longsor setelah hujan deras.",
    "Perbaikan jalan kabupaten ruas Cibeber ditargetkan selesai bulan depan.",
    "Layanan perekaman KTP elektronik dibuka di kantor kecamatan pada hari Sabtu.",
    "Festival budaya menampilkan tari jaipong dan kuda renggong.",
    "Penyuluhan pertanian memperkenalkan varietas padi tahan wereng.",
    "Donor darah rutin diikuti aparatur sipil negara di lingkungan pemkab.",
    "Lomba kampung bersih diikuti tiga puluh dua kecamatan.",
    "Pemeriksaan kesehatan gratis bagi lansia digelar di balai desa.",
    "Sosialisasi pencegahan stunting menyasar ibu hamil dan calon pengantin.",
    "Gerakan menanam pohon dilakukan di daerah aliran sungai Cisokan.",
    "Pengajian akbar dan santunan anak yatim digelar di masjid agung.",
    "Rapat koordinasi membahas kesiapan menghadapi musim hujan.",
    "Uji kompetensi guru diikuti ratusan peserta dari berbagai sekolah.",
    "Operasi pasar memastikan harga cabai dan bawang tetap terjangkau.",
    "Pelayanan terpadu satu pintu mempercepat izin usaha mikro.",
    "Pentas seni pelajar memeriahkan peringatan hari jadi Cianjur.",
];
const ACTIVITIES: [&str; 12] = [
    "Posyandu balita",
    "Peresmian jembatan",
    "Bantuan seragam",
    "Vaksinasi campak",
    "Pasar murah",
    "Pelatihan UMKM",
    "Kesiapsiagaan longsor",
    "Perbaikan jalan",
    "Festival budaya",
    "Donor darah",
    "Penanaman pohon",
    "Rapat koordinasi",
];
const KECAMATAN: [&str; 8] = [
    "Cugenang",
    "Cibeber",
    "Cipanas",
    "Karangtengah",
    "Sukaresmi",
    "Pacet",
    "Warungkondang",
    "Cianjur",
];
/// A word that only one draft in a thousand has (20 of 20,000), in no title.
const RARE_WORD: &str = "Karanggede";

/// A fixed pseudo-random number per draft, so every run seeds the same store.
fn mix(i: usize, salt: u64) -> u64 {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x
}

/// About 1 KB of eight sentences chosen per draft, plus the rare word in one in a thousand.
fn body(i: usize) -> String {
    let mut text: Vec<&str> = (0..8)
        .map(|k| SENTENCES[(mix(i, k) % SENTENCES.len() as u64) as usize])
        .collect();
    if i % 1_000 == 500 {
        text.push("Warga Desa Karanggede ikut hadir.");
    }
    text.join(" ").repeat(2)
}

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
                title: format!(
                    "{} di {}",
                    ACTIVITIES[(mix(i, 100) % ACTIVITIES.len() as u64) as usize],
                    KECAMATAN[(mix(i, 101) % KECAMATAN.len() as u64) as usize]
                ),
                programme_id: Some(1 + (i % 4) as i64),
                body: body(i),
                ..DraftInput::default()
            },
        )
        .expect("create");
    }
    tx.commit().expect("commit");
    let with = |word: &str| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM drafts WHERE body LIKE '%' || ?1 || '%' OR title LIKE '%' || ?1 || '%'",
                [word],
                |r| r.get(0),
            )
            .expect("count")
    };
    let bytes: i64 = store
        .conn()
        .query_row(
            "SELECT CAST(avg(length(body)) AS INTEGER) FROM drafts",
            [],
            |r| r.get(0),
        )
        .expect("size");
    eprintln!(
        "drafts with \"posyandu\": {}, with \"{RARE_WORD}\": {}, distinct bodies: {}, average body {bytes} characters",
        with("posyandu"),
        with(RARE_WORD),
        store
            .conn()
            .query_row("SELECT count(DISTINCT body) FROM drafts", [], |r| r.get::<_, i64>(0))
            .expect("distinct")
    );
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
    c.bench_function("drafts_search_rare_word_of_20k", |b| {
        b.iter(|| black_box(drafts::list(store.conn(), &search(RARE_WORD), 50, 0).expect("search")))
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
    // The budgets are per call (search: p95), so each list is also timed call by call.
    let cases = [
        ("drafts list, first page", DraftFilter::default(), 0),
        ("drafts list, page 200", DraftFilter::default(), 199 * 50),
        (
            "drafts filter status + programme",
            DraftFilter {
                status: Some(drafts::Status::Draf),
                programme_id: Some(2),
                ..DraftFilter::default()
            },
            0,
        ),
        ("drafts search common word", search("posyandu"), 0),
        ("drafts search rare word", search(RARE_WORD), 0),
    ];
    for (label, filter, offset) in &cases {
        percentiles::sample(label, CALLS, || {
            black_box(drafts::list(store.conn(), filter, 50, *offset).expect("list"));
        });
    }
    drop(store);

    // Opening includes the integrity check, so this is the store's share of app start-up.
    c.bench_function("store_open_with_integrity_check_20k_drafts", |b| {
        b.iter(|| black_box(Store::open(&path).expect("open")))
    });
}

criterion_group!(store, benches);
criterion_main!(store);
