//! Dasbor kinerja benchmarks: the overview of a year for the regency's 32 agencies and for
//! 1,000 (budgets: <= 100 ms and <= 1 s), and the XLSX export of the 1,000.
//!
//! The store is seeded through the same path as real uploads (`summary::check_batch`, then
//! `store::sqlite::summaries::ingest`), with figures varied by a deterministic PRNG so every
//! run sees the same data; seeding is not timed.
//!
//! Run with `cargo bench -p medsos-hub --bench overview`; figures go to BENCHMARKS.md.
//! `OVERVIEW_EXPLAIN=1` first prints the query plan of the overview's pass over `day_facts` and
//! the time of each part (the SQL alone, all of `dashboard::overview`, the table render), for a
//! year and for a month.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use criterion::{criterion_group, criterion_main, Criterion};
use http_body_util::BodyExt;
use medsos_hub::account::Handle;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::Clock;
use medsos_hub::dashboard::{self, kinerja, settings, Period};
use medsos_hub::store::sqlite::{self as store, accounts, agencies, summaries, users};
use medsos_hub::store::{SqliteStore, Store};
use medsos_hub::summary::check_batch;
use medsos_hub::web::overview::table;
use medsos_hub::{app, AppState};
use medsos_protocol::{
    ComplaintCounts, DailySummary, OfficialAccountCounts, Platform, PostCounts, PostsByPlatform,
    SummaryBatch, MAX_DAYS_PER_BATCH, SCHEMA_VERSION,
};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use tower::ServiceExt;

/// The last evening of 2026 in Cianjur: the whole year has been reported.
const NOW: OffsetDateTime = datetime!(2026-12-31 12:00 UTC);
const FIRST_DAY: Date = date!(2026 - 01 - 01);
const DAYS: i64 = 365;

struct StoppedAt(OffsetDateTime);

impl Clock for StoppedAt {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// SplitMix64: small, fast, and the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }

    /// true with probability p
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const CATEGORIES: [&str; 6] = [
    "jalan_rusak",
    "layanan_kesehatan",
    "administrasi_kependudukan",
    "sampah",
    "penerangan_jalan",
    "pendidikan",
];
const CHANNELS: [&str; 5] = [
    "instagram_dm",
    "whatsapp",
    "sp4n_lapor",
    "facebook_komentar",
    "datang_langsung",
];
const TYPES: [&str; 3] = ["pengaduan", "aspirasi", "permintaan_informasi"];

/// One agency's day: posts mostly on working days, complaints in proportion to the agency's
/// size, a diligent agency misses fewer schedules and answers faster.
fn day_summary(rng: &mut Rng, day: Date, diligence: f64, size: u32) -> DailySummary {
    let weekend = matches!(
        day.weekday(),
        time::Weekday::Saturday | time::Weekday::Sunday
    );
    let posts = |rng: &mut Rng| {
        let published = if weekend {
            u32::from(rng.chance(0.2 * diligence))
        } else {
            rng.below(1 + (3.0 * diligence) as u32)
        };
        PostCounts {
            published,
            scheduled: u32::from(rng.chance(0.1)),
            missed: u32::from(rng.chance(0.15 * (1.0 - diligence))),
        }
    };
    let mut complaints = ComplaintCounts::default();
    let received = if weekend {
        rng.below(2)
    } else {
        rng.below(size + 1)
    };
    for _ in 0..received {
        let kind = TYPES[rng.below(TYPES.len() as u32) as usize];
        *complaints
            .received_by_type
            .entry(kind.to_owned())
            .or_default() += 1;
        let category = CATEGORIES[rng.below(CATEGORIES.len() as u32) as usize];
        *complaints
            .received_by_category
            .entry(category.to_owned())
            .or_default() += 1;
        let channel = CHANNELS[rng.below(CHANNELS.len() as u32) as usize];
        *complaints
            .received_by_channel
            .entry(channel.to_owned())
            .or_default() += 1;
        if rng.chance(0.7) {
            let kecamatan = format!("32.03.{:02}", 1 + rng.below(32));
            *complaints
                .received_by_kecamatan
                .entry(kecamatan)
                .or_default() += 1;
        }
    }
    let answered = (f64::from(received) * (0.4 + 0.6 * diligence)).round() as u32;
    complaints.answered_within_deadline = answered;
    complaints.resolved = (f64::from(answered) * 0.8).round() as u32;
    complaints.overdue = rng.below(1 + ((1.0 - diligence) * 4.0) as u32);
    complaints.open_backlog = complaints.overdue + rng.below(6);
    complaints.median_first_response_minutes =
        (answered > 0).then(|| 20 + rng.below((600.0 * (1.2 - diligence)) as u32));
    complaints.median_resolution_minutes = (complaints.resolved > 0).then(|| 600 + rng.below(4000));
    DailySummary {
        day: day.to_string(),
        revision: 1,
        posts: PostsByPlatform {
            instagram: posts(rng),
            facebook: posts(rng),
        },
        drafts_created: rng.below(4),
        briefs_fulfilled: 0,
        complaints,
        official_accounts: OfficialAccountCounts::default(),
    }
}

/// A hub store with `count` agencies, each with two official accounts (some verified) and up
/// to a year of summaries (a less diligent agency skips more days). Returns the file and the
/// id of an officer to open sessions for.
fn seeded(dir: &Path, count: usize) -> (PathBuf, i64) {
    let path = dir.join(format!("hub-{count}.sqlite3"));
    let mut conn = store::open(&path).expect("open");
    let mut rng = Rng(0x00C1_A21F_u64 + count as u64);
    let registered = datetime!(2025-12-15 02:00 UTC);
    for n in 0..count {
        let code = AgencyCode::parse(&format!("PD-{n:04}")).expect("code");
        let name = AgencyName::parse(&format!("Perangkat Daerah Uji Nomor {n:04}")).expect("name");
        let agency = agencies::add(&mut conn, &code, &name, registered).expect("agency");
        for (platform, verified) in [
            (Platform::Instagram, rng.chance(0.6)),
            (Platform::Facebook, rng.chance(0.4)),
        ] {
            let handle = Handle::parse(&format!("pd{n:04}cianjur")).expect("handle");
            accounts::add(&mut conn, &code, platform, &handle, verified, registered)
                .expect("account");
        }
        let diligence = 0.3 + 0.7 * (rng.below(1000) as f64 / 1000.0);
        let size = 1 + rng.below(8);
        let mut days: Vec<DailySummary> = Vec::with_capacity(DAYS as usize);
        for d in 0..DAYS {
            if rng.chance(0.75 + 0.25 * diligence) {
                let day = FIRST_DAY + time::Duration::days(d);
                days.push(day_summary(&mut rng, day, diligence, size));
            }
        }
        let mut checked = Vec::with_capacity(days.len());
        for chunk in days.chunks(MAX_DAYS_PER_BATCH) {
            let batch = SummaryBatch {
                schema_version: SCHEMA_VERSION,
                days: chunk.to_vec(),
            };
            checked.extend(check_batch(&batch, NOW.date()).expect("plausible batch"));
        }
        summaries::ingest(&mut conn, agency.id, 0, &checked, "2026-12-31T11:00:00Z")
            .expect("ingest");
    }
    let officer = users::add(
        &conn,
        "bench",
        "Petugas Uji",
        "kata-sandi-uji-panjang",
        registered,
    )
    .expect("officer");
    conn.execute_batch("PRAGMA optimize; ANALYZE;")
        .expect("analyze");
    (path, officer)
}

fn year() -> Period {
    Period::parse(
        Some("kustom"),
        Some("2026-01-01"),
        Some("2026-12-31"),
        NOW.date(),
    )
    .expect("period")
}

/// The overview's one pass over the period's rows, as `dashboard::overview` runs it.
const PASS: &str = "SELECT agency_id, CAST(julianday(day) - julianday(?1) AS INTEGER),
        ig_published, fb_published, ig_missed, fb_missed, received,
        answered_in_time, resolved, overdue, median_first_response
 FROM day_facts WHERE day BETWEEN ?1 AND ?2";

/// November 2026: the default "Bulan ini" as an officer sees it in a month.
fn november() -> Period {
    Period::parse(
        Some("kustom"),
        Some("2026-11-01"),
        Some("2026-11-30"),
        NOW.date(),
    )
    .expect("period")
}

/// The query plan of the overview's pass over `day_facts`, and the time of each part of it
/// for a year and for a month (median of 5), to see where the time goes.
fn explain(conn: &rusqlite::Connection, db: &SqliteStore) {
    let median = |f: &mut dyn FnMut()| {
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let started = std::time::Instant::now();
                f();
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[2]
    };
    for (what, from, to) in [
        ("year", "2026-01-01", "2026-12-31"),
        ("month", "2026-11-01", "2026-11-30"),
    ] {
        let mut statement = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {PASS}"))
            .expect("explain");
        let plan: Vec<String> = statement
            .query_map([from, to], |row| row.get::<_, String>(3))
            .expect("plan")
            .collect::<Result<_, _>>()
            .expect("rows");
        let mut run = || {
            let mut statement = conn.prepare_cached(PASS).expect("prepare");
            let mut rows = statement.query([from, to]).expect("query");
            let mut n = 0;
            while let Some(row) = rows.next().expect("row") {
                // Every column read, as the overview reads them (text without a copy).
                for i in 0..row.as_ref().column_count() {
                    black_box(row.get_ref(i).expect("column"));
                }
                n += 1;
            }
            black_box(n);
        };
        let ms = median(&mut run);
        eprintln!(
            "{what}: the pass over day_facts alone -> {} | {ms:.1} ms",
            plan.join(" | ")
        );
        let period = Period::parse(Some("kustom"), Some(from), Some(to), NOW.date()).expect("p");
        let settings = settings::load(db).expect("settings");
        let mut overview = None;
        let ms = median(&mut || {
            overview = Some(dashboard::overview(db, period, settings, NOW).expect("overview"))
        });
        let overview = overview.expect("ran");
        let render = median(&mut || {
            black_box(table(&overview).into_string());
        });
        eprintln!("{what}: dashboard::overview {ms:.1} ms, table render {render:.1} ms");
    }
}

/// The overview as the page computes it, and the table as the page renders it.
fn overview_and_table(db: &SqliteStore, period: Period) -> usize {
    let settings = settings::load(db).expect("settings");
    let overview = dashboard::overview(db, period, settings, NOW).expect("overview");
    table(&overview).into_string().len()
}

/// A GET of the dashboard as a logged-in officer, through the whole router.
async fn get(router: &axum::Router, uri: &str, cookie: &str) -> usize {
    let response = router
        .clone()
        .oneshot(
            Request::get(uri)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .len()
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    for count in [32usize, 1000] {
        let started = std::time::Instant::now();
        let (path, officer) = seeded(dir.path(), count);
        eprintln!(
            "seeded {count} agencies x {DAYS} days in {:.1} s ({} MB)",
            started.elapsed().as_secs_f64(),
            std::fs::metadata(&path)
                .map(|m| m.len() / 1_000_000)
                .unwrap_or(0)
        );
        let conn = store::open(&path).expect("open");
        let db = SqliteStore::from_connection(store::open(&path).expect("open"));
        if std::env::var_os("OVERVIEW_EXPLAIN").is_some() {
            explain(&conn, &db);
        }
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM day_facts", [], |r| r.get(0))
            .expect("count");
        eprintln!("day_facts rows: {rows}");

        let mut group = c.benchmark_group(format!("dasbor {count}x{DAYS}"));
        if count >= 1000 {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(15));
        }
        group.bench_function("overview + table render, year", |b| {
            b.iter(|| black_box(overview_and_table(&db, year())))
        });
        group.bench_function("overview + table render, month", |b| {
            b.iter(|| black_box(overview_and_table(&db, november())))
        });
        // What a PC receives at each sync: its month and the last 8 weeks, each scored
        // among every agency.
        let agency_id: i64 = conn
            .query_row("SELECT MIN(id) FROM agencies", [], |r| r.get(0))
            .expect("an agency");
        group.bench_function("kinerja of one agency (GET /api/v1/kinerja)", |b| {
            b.iter(|| black_box(kinerja::for_agency(&db, agency_id, NOW).expect("kinerja")))
        });

        // Through the router: what an officer waits for, session check included.
        let session = users::start_session(&conn, officer, NOW).expect("session");
        let cookie = format!("__Host-medsos_sesi={session}");
        let router = app(AppState::new(
            Store::open(&path).expect("store"),
            Arc::new(StoppedAt(NOW)),
        ));
        let query = "periode=kustom&dari=2026-01-01&sampai=2026-12-31";
        group.bench_function("GET /dasbor, year", |b| {
            b.iter(|| {
                black_box(runtime.block_on(get(&router, &format!("/dasbor?{query}"), &cookie)))
            })
        });
        group.bench_function("GET /dasbor/ekspor.xlsx, year", |b| {
            b.iter(|| {
                black_box(runtime.block_on(get(
                    &router,
                    &format!("/dasbor/ekspor.xlsx?{query}"),
                    &cookie,
                )))
            })
        });
        if count >= 1000 {
            group.bench_function("GET /dasbor/ekspor.csv, year", |b| {
                b.iter(|| {
                    black_box(runtime.block_on(get(
                        &router,
                        &format!("/dasbor/ekspor.csv?{query}"),
                        &cookie,
                    )))
                })
            });
        }
        group.finish();
    }
}

criterion_group!(overview, benches);
criterion_main!(overview);
