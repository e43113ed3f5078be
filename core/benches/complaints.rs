//! Aduan benchmarks at the size issue 5 budgets for: 100,000 complaints (a filtered, sorted
//! page of 50 <= 5 ms; a search <= 10 ms at p95). Criterion gives each case's mean; every
//! case is then timed call by call for its p50 and p95 (`p95 ...` lines).
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

#[path = "support/mix.rs"]
mod mix;
#[path = "support/percentiles.rs"]
mod percentiles;
use mix::mix;

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

/// Village names are a prefix and a suffix (15 x 20 = 300 desa, close to Cianjur's 360).
const DESA_PREFIX: [&str; 15] = [
    "Suka",
    "Ci",
    "Mekar",
    "Sindang",
    "Karang",
    "Gunung",
    "Padas",
    "Bojong",
    "Sirna",
    "Tegal",
    "Wangun",
    "Neglasari",
    "Babakan",
    "Pasir",
    "Rawa",
];
const DESA_SUFFIX: [&str; 20] = [
    "maju", "jaya", "mulya", "sari", "laksana", "asih", "rahayu", "wangi", "galih", "resmi",
    "bodas", "kerta", "manah", "tanjung", "hurip", "wening", "endah", "kawung", "peuteuy", "gede",
];
/// Citizens' names: 30 given names x 40 family names.
const GIVEN: [&str; 30] = [
    "Ujang", "Siti", "Asep", "Dewi", "Cecep", "Euis", "Dadang", "Neneng", "Iwan", "Rina", "Ade",
    "Yanti", "Dedi", "Lilis", "Agus", "Nining", "Budi", "Tati", "Hendra", "Wawan", "Imas", "Deden",
    "Nurul", "Rudi", "Entin", "Yayan", "Ai", "Maman", "Cucu", "Omay",
];
const FAMILY: [&str; 40] = [
    "Sutisna",
    "Aminah",
    "Hidayat",
    "Rahmawati",
    "Suryana",
    "Kurniawan",
    "Setiawan",
    "Nurhayati",
    "Permana",
    "Saepudin",
    "Mulyana",
    "Wulandari",
    "Gunawan",
    "Hermawan",
    "Rosita",
    "Supriatna",
    "Sopandi",
    "Komariah",
    "Ruhiyat",
    "Juhana",
    "Sudrajat",
    "Fitriani",
    "Purnama",
    "Hasanah",
    "Ramdani",
    "Sumarni",
    "Nugraha",
    "Kartika",
    "Solihin",
    "Maulana",
    "Rohmat",
    "Jubaedah",
    "Ardiansyah",
    "Sukmana",
    "Hamdani",
    "Rukmana",
    "Ningsih",
    "Firdaus",
    "Darmawan",
    "Kusnadi",
];

fn desa_name(n: usize) -> String {
    format!(
        "{}{}",
        DESA_PREFIX[n % DESA_PREFIX.len()],
        DESA_SUFFIX[n / DESA_PREFIX.len()]
    )
}

/// Which desa complaint `i` is about: skewed like real traffic (u^5 over 300 names), so a
/// few desa near the town fill the inbox and the far ones appear a few dozen times.
fn desa_of(i: usize) -> usize {
    let u = (mix(i, 1) >> 11) as f64 / (1u64 << 53) as f64;
    ((u.powi(5) * 300.0) as usize).min(299)
}

/// The store and what the search cases look for.
struct Seeded {
    store: Store,
    clock: FixedClock,
    /// The least mentioned desa (a few dozen complaints).
    rare_desa: String,
    /// A citizen's full name: two words common on their own, rare together.
    full_name: String,
}

/// 100,000 complaints over four years through `insert_many` (the import path), then a
/// realistic spread of statuses written directly: most are closed, a tail is open.
/// Words: "jalan" in about a third of the texts (and a category name), each desa from
/// thousands of mentions down to a few dozen, 1,200 citizen names about 80 times each.
fn seeded_store(dir: &std::path::Path) -> Seeded {
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let mut store = Store::open(dir.join("bench.sqlite3")).expect("open");
    let first = datetime!(2022-12-01 01:00 UTC);
    let step = (datetime!(2026-11-26 02:00 UTC) - first) / COMPLAINTS as u32;
    let categories = complaints::categories::list(store.conn()).expect("categories");
    let kecamatan = medsos_core::kecamatan::all();
    let mut desa_count = [0usize; 300];
    let inputs: Vec<ComplaintInput> = (0..COMPLAINTS)
        .map(|i| {
            let desa = desa_of(i);
            desa_count[desa] += 1;
            let name = mix(i, 2) as usize;
            ComplaintInput {
                channel: Channel::ALL[i % Channel::ALL.len()],
                source_url: String::new(),
                citizen_name: format!(
                    "{} {}",
                    GIVEN[name % GIVEN.len()],
                    FAMILY[(name / GIVEN.len()) % FAMILY.len()]
                ),
                citizen_contact: format!("0812{:08}", i),
                body: format!(
                    "{} di desa {}, kecamatan {}. Laporan nomor {i}. Mohon ditindaklanjuti.",
                    WORDS[(mix(i, 3) % WORDS.len() as u64) as usize],
                    desa_name(desa),
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
            }
        })
        .collect();
    let rare = (0..300)
        .filter(|&d| desa_count[d] > 0)
        .min_by_key(|&d| desa_count[d])
        .expect("a desa");
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
    // Experiments: `ADUAN_FTS="prefix='2 3 4 5', detail=column"` rebuilds the index with
    // other options; `ADUAN_FTS_OPTIMIZE=1` merges it into one segment.
    if let Some(options) = std::env::var_os("ADUAN_FTS") {
        let options = options.into_string().expect("utf-8");
        let t = std::time::Instant::now();
        store
            .conn()
            .execute_batch(&format!(
                "DROP TABLE complaints_fts;
                 CREATE VIRTUAL TABLE complaints_fts USING fts5 (body, citizen_name, category,
                     tokenize = 'unicode61 remove_diacritics 2', {options});
                 INSERT INTO complaints_fts (rowid, body, citizen_name, category)
                     SELECT c.id, c.body, c.citizen_name, k.name FROM complaints c
                     JOIN complaint_categories k ON k.id = c.category_id ORDER BY c.id;"
            ))
            .expect("rebuild fts");
        eprintln!("FTS rebuilt with {options} in {:?}", t.elapsed());
    }
    if std::env::var_os("ADUAN_FTS_OPTIMIZE").is_some() {
        let t = std::time::Instant::now();
        store
            .conn()
            .execute_batch("INSERT INTO complaints_fts (complaints_fts) VALUES ('optimize')")
            .expect("optimize");
        eprintln!("FTS optimized in {:?}", t.elapsed());
    }
    let segments: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM complaints_fts_data", [], |r| r.get(0))
        .expect("fts size");
    eprintln!("complaints_fts_data blocks: {segments}");
    store.conn().execute_batch("ANALYZE").expect("analyze");
    Seeded {
        store,
        clock,
        rare_desa: desa_name(rare),
        full_name: format!("{} {}", GIVEN[7], FAMILY[23]),
    }
}

/// Time this thread has run on a CPU (CLOCK_THREAD_CPUTIME_ID): the experiments compare on
/// it, since wall time swings with whatever else shares the machine.
fn thread_cpu() -> std::time::Duration {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: a valid pointer to a timespec-shaped struct, as clock_gettime(2) expects.
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    std::time::Duration::new(ts.sec as u64, ts.nsec as u32)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Seeded {
        store,
        clock,
        rare_desa,
        full_name,
    } = seeded_store(dir.path());
    let conn = store.conn();
    let search = |q: &str| ComplaintFilter {
        query: Some(q.into()),
        ..Default::default()
    };
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
        ("search_common_word", search("jalan")),
        ("search_rare_word", search(&rare_desa)),
        (
            "search_common_with_status",
            ComplaintFilter {
                status: Some(ComplaintStatus::Baru),
                ..search("sekolah")
            },
        ),
        (
            "search_common_with_status_selesai",
            ComplaintFilter {
                status: Some(ComplaintStatus::Selesai),
                ..search("jalan")
            },
        ),
        ("search_two_common_words", search("jalan rusak")),
        ("search_full_name", search(&full_name)),
        ("search_prefix_two_letters", search("su")),
    ];
    if std::env::var_os("ADUAN_EXPLAIN").is_some() {
        let q = |w: &str| format!("'\"{w}\"*'");
        let ids = |w: &str, plus: &str, extra: &str| {
            format!("SELECT c.id FROM complaints c WHERE {plus}c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH {}){extra} ORDER BY c.list_rank, c.id LIMIT 1001", q(w))
        };
        let sqls = [
            format!("SELECT count(*) FROM (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH {} LIMIT 4001)", q("jalan")),
            format!("SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH {}", q("jalan")),
            format!("SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH {}", q("su")),
            ids("jalan", "+", ""),
            ids("su", "+", ""),
            ids("sekolah", "+", " AND c.status = 'baru'"),
            ids(&rare_desa, "", ""),
        ];
        for sql in &sqls {
            let mut stmt = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("explain");
            let plan: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .expect("plan")
                .map(|r| r.expect("row"))
                .collect();
            let mut best = std::time::Duration::MAX;
            for _ in 0..5 {
                let t = std::time::Instant::now();
                conn.prepare(sql)
                    .expect("sql")
                    .query_map([], |_| Ok(()))
                    .expect("q")
                    .for_each(drop);
                best = best.min(t.elapsed());
            }
            eprintln!("{sql}\n  {plan:?} best of 5: {best:?}");
        }
        let timed = |label: &str, f: &dyn Fn() -> usize| {
            let (mut wall, mut cpu): (Vec<_>, Vec<_>) = (0..21)
                .map(|_| {
                    let (t, c) = (std::time::Instant::now(), thread_cpu());
                    black_box(f());
                    (t.elapsed(), thread_cpu() - c)
                })
                .unzip();
            wall.sort();
            cpu.sort();
            eprintln!(
                "{label}: {} -> median {:?} (on CPU {:?})",
                f(),
                wall[10],
                cpu[10]
            );
        };
        for (name, filter) in &cases {
            timed(&format!("list {name}"), &|| {
                complaints::list(conn, &clock, filter, 50, 0)
                    .expect("list")
                    .total as usize
            });
        }
        for w in ["jalan", "su", "sekolah", "jalan rusak", rare_desa.as_str()] {
            let query = complaints::search::fts_query_for_bench(w);
            timed(&format!("rowids of {w} into Rust"), &|| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?1",
                    )
                    .expect("sql");
                let mut rows = stmt.query([&query]).expect("q");
                let mut n = 0;
                while let Some(r) = rows.next().expect("row") {
                    black_box(r.get::<_, i64>(0).expect("id"));
                    n += 1;
                }
                n
            });
            timed(&format!("count of {w} in SQL"), &|| {
                conn.prepare_cached(
                    "SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH ?1",
                )
                .expect("sql")
                .query_row([&query], |r| r.get::<_, i64>(0))
                .expect("count") as usize
            });
        }
        timed("walk 2,600 ids in inbox order", &|| {
            let mut stmt = conn
                .prepare_cached("SELECT c.id FROM complaints c ORDER BY c.list_rank, c.id")
                .expect("sql");
            let mut rows = stmt.query([]).expect("q");
            let mut n = 0;
            while let Some(r) = rows.next().expect("row") {
                black_box(r.get::<_, i64>(0).expect("id"));
                n += 1;
                if n == 2_600 {
                    break;
                }
            }
            n
        });
    }
    if std::env::var_os("ADUAN_EXPLAIN").is_some_and(|v| v == "only") {
        return;
    }
    for (name, filter) in &cases {
        let page = complaints::list(conn, &clock, filter, 50, 0).expect("list");
        eprintln!(
            "{name} {:?}: total {} page {}",
            filter.query,
            page.total,
            page.items.len()
        );
        c.bench_function(&format!("complaints_{name}"), |b| {
            b.iter(|| black_box(complaints::list(conn, &clock, filter, 50, 0).expect("list")))
        });
    }
    // The search budget is a p95: each case is also timed call by call.
    for (name, filter) in &cases {
        percentiles::sample(&format!("complaints_{name}"), 300, || {
            black_box(complaints::list(conn, &clock, filter, 50, 0).expect("list"));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
