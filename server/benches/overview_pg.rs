//! Dasbor kinerja on PostgreSQL: the overview of one regency's 40 agencies over a year
//! (budget <= 50 ms), a province's 1,100 agencies over a year (<= 500 ms) and the nation's
//! 22,000 agencies over a month (<= 2 s), on a throwaway cluster the bench starts
//! (`medsos-pg-cluster`, PostgreSQL's default settings).
//!
//! Seeding is server-side and not timed: `INSERT .. SELECT` over `generate_series` writes 20
//! provinces (13 to 32) of 28 regencies and cities, 1,100 agencies in each (40 in each regency,
//! 20 in the last; one in a hundred revoked), and `day_facts` straight (the table the overview
//! reads; no summaries are stored), whose triggers (migration 005) fill the monthly rollup
//! `overview_months` as ingest does: every agency for November and December 2026, the
//! province 32's agencies for all of 2026, about one day in ten missing, figures from a hash
//! of the agency and the day so every run sees the same data (1.5 million rows).
//!
//! Run with `cargo bench -p medsos-hub --bench overview_pg`; figures go to BENCHMARKS.md.
//! Besides criterion's mean, each case is run `PERCENTILE_RUNS` more times and its p50 and p95
//! printed. `OVERVIEW_EXPLAIN=1` first prints `EXPLAIN (ANALYZE, BUFFERS)` of the overview's
//! query for a regency's and the province's year and the nation's month (read from the
//! rollup), with 001's index on `day_facts` (agency_id, day) and with 005's covering one.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_hub::dashboard::{overview_in, settings, Period};
use medsos_hub::region::{RegionCode, Scope};
use medsos_hub::store::dashboard::{totals_from_day_facts, TrendBuckets};
use medsos_hub::store::PgStore;
use medsos_pg_cluster::Cluster;
use std::hint::black_box;
use std::time::{Duration, Instant};
use time::macros::{date, datetime};
use time::OffsetDateTime;

/// The last evening of 2026: the whole year has been reported.
const NOW: OffsetDateTime = datetime!(2026-12-31 12:00 UTC);

const PERCENTILE_RUNS: usize = 40;

const SEED: &str = "
INSERT INTO regions (code, name, created_at)
SELECT p::text, 'Provinsi Uji ' || p, '2025-12-01T00:00:00.000Z' FROM generate_series(13, 32) p
ON CONFLICT (code) DO NOTHING;

INSERT INTO regions (code, name, created_at)
SELECT p || '.' || lpad(r::text, 2, '0'), 'Kabupaten Uji ' || p || '.' || r,
       '2025-12-01T00:00:00.000Z'
FROM generate_series(13, 32) p CROSS JOIN generate_series(1, 28) r
ON CONFLICT (code) DO NOTHING;

INSERT INTO agencies (code, name, created_at, last_sync_at, revoked_at, region_code)
SELECT 'PD-' || p || '-' || lpad(i::text, 4, '0'),
       'Perangkat Daerah Uji ' || p || '-' || lpad(i::text, 4, '0'),
       '2025-12-15T02:00:00.000Z',
       '2026-12-' || lpad((1 + i % 31)::text, 2, '0') || 'T11:00:00.000Z',
       CASE WHEN i % 100 = 99 THEN '2026-06-01T00:00:00.000Z' END,
       p || '.' || lpad((i / 40 + 1)::text, 2, '0')
FROM generate_series(13, 32) p CROSS JOIN generate_series(0, 1099) i;

INSERT INTO day_facts (agency_id, day, ig_published, ig_scheduled, ig_missed, fb_published,
                       fb_scheduled, fb_missed, drafts_created, briefs_fulfilled, received,
                       answered_in_time, resolved, overdue, open_backlog,
                       median_first_response, median_resolution)
SELECT id, to_char(d, 'YYYY-MM-DD'),
       h % 4, (h >> 2) % 2, CAST((h >> 3) % 8 = 0 AS INT), (h >> 6) % 3, 0,
       CAST((h >> 8) % 9 = 0 AS INT), (h >> 10) % 4, 0, received,
       LEAST(received, (h >> 15) % 6), LEAST(received, (h >> 18) % 4), (h >> 20) % 4,
       (h >> 20) % 4 + (h >> 22) % 5,
       CASE WHEN received > 0 AND (h >> 25) % 3 <> 0 THEN 20 + (h >> 12) % 600 END, NULL
FROM (
    SELECT a.id, d,
           CAST(hashint8(a.id * 1000 + (d::date - DATE '2026-01-01')) AS BIGINT) & 2147483647 AS h
    FROM agencies a
    CROSS JOIN generate_series(DATE '2026-01-01', DATE '2026-12-31', INTERVAL '1 day') d
    WHERE a.code LIKE 'PD-%' AND (a.region_code LIKE '32.%' OR d >= DATE '2026-11-01')
) x
CROSS JOIN LATERAL (SELECT (h >> 12) % 7 AS received) r
WHERE h % 10 <> 0;
";

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).expect("region")
}

fn period(from: &str, to: &str) -> Period {
    Period::parse(Some("kustom"), Some(from), Some(to), NOW.date()).expect("period")
}

/// p50 and p95 of `runs` timed calls, in milliseconds.
fn percentiles(runs: usize, f: &mut dyn FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((q * runs as f64).ceil() as usize).clamp(1, runs) - 1];
    (at(0.5), at(0.95))
}

/// The overview's query planned and run for the province's year and the nation's month,
/// without the covering index and with it.
fn explain(client: &mut postgres::Client, pg: &PgStore) {
    let cases = [
        (
            "province 32, year",
            date!(2026 - 01 - 01),
            date!(2026 - 12 - 31),
            TrendBuckets { days: 7, lead: 3 },
            Some(region("32")),
        ),
        (
            "regency 32.03, year",
            date!(2026 - 01 - 01),
            date!(2026 - 12 - 31),
            TrendBuckets { days: 7, lead: 3 },
            Some(region("32.03")),
        ),
        (
            "nation, November (rollup)",
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 30),
            TrendBuckets { days: 1, lead: 0 },
            None,
        ),
        (
            "nation, 1-29 November (not a whole month: over day_facts)",
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 29),
            TrendBuckets { days: 1, lead: 0 },
            None,
        ),
    ];
    let show = |pg: &PgStore, label: &str| {
        for (what, from, to, buckets, region) in &cases {
            // Once to warm the cache, then the plan as measured.
            pg.explain_overview_totals(*from, *to, *buckets, region.as_ref())
                .expect("explain");
            let plan = pg
                .explain_overview_totals(*from, *to, *buckets, region.as_ref())
                .expect("explain");
            eprintln!("--- {what}, {label}\n{}", plan.join("\n"));
        }
    };
    // 001's index: the key alone.
    client
        .batch_execute(
            "DROP INDEX day_facts_by_agency;
             CREATE INDEX day_facts_by_agency ON day_facts (agency_id, day)",
        )
        .expect("the key alone");
    client
        .batch_execute("VACUUM ANALYZE day_facts")
        .expect("analyze");
    show(pg, "index (agency_id, day) as in 001");
    // 005's: the key and every column the overview reads.
    client
        .batch_execute(
            "DROP INDEX day_facts_by_agency;
             CREATE INDEX day_facts_by_agency ON day_facts (agency_id, day)
                 INCLUDE (day_number, ig_published, fb_published, ig_missed, fb_missed,
                          received, answered_in_time, resolved, overdue,
                          median_first_response)",
        )
        .expect("covering");
    client
        .batch_execute("VACUUM ANALYZE day_facts")
        .expect("analyze");
    show(pg, "covering index (agency_id, day) INCLUDE (..) as in 005");
}

fn benches(c: &mut Criterion) {
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    let pg = PgStore::connect(&url).expect("connects and migrates");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    let started = Instant::now();
    client.batch_execute(SEED).expect("seed");
    client.batch_execute("VACUUM ANALYZE").expect("analyze");
    let rows: i64 = client
        .query_one("SELECT COUNT(*) FROM day_facts", &[])
        .expect("count")
        .get(0);
    let size: String = client
        .query_one(
            "SELECT pg_size_pretty(pg_total_relation_size('day_facts'))",
            &[],
        )
        .expect("size")
        .get(0);
    eprintln!(
        "seeded 22,000 agencies, {rows} day_facts rows ({size} with indexes) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if std::env::var_os("OVERVIEW_EXPLAIN").is_some() {
        explain(&mut client, &pg);
    }

    let settings = settings::load(&pg).expect("settings");
    let year = period("2026-01-01", "2026-12-31");
    let november = period("2026-11-01", "2026-11-30");
    let cases = [
        (
            "regency 32.03 (40 agencies), year",
            year,
            Scope::Within(region("32.03")),
            40,
        ),
        (
            "province 32 (1,100 agencies), year",
            year,
            Scope::Within(region("32")),
            1100,
        ),
        (
            "nation (22,000 agencies), November",
            november,
            Scope::All,
            22000,
        ),
    ];
    let mut group = c.benchmark_group("dasbor PostgreSQL");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (name, period, scope, agencies) in &cases {
        let mut run = || {
            let overview = overview_in(&pg, *period, settings, NOW, scope).expect("overview");
            assert_eq!(overview.rows.len(), *agencies);
            black_box(overview);
        };
        group.bench_function(format!("overview_in, {name}"), |b| b.iter(&mut run));
        let (p50, p95) = percentiles(PERCENTILE_RUNS, &mut run);
        eprintln!("overview_in, {name}: p50 {p50:.1} ms, p95 {p95:.1} ms ({PERCENTILE_RUNS} runs)");
    }
    // The totals alone, as the database sums them (the nation's November from the monthly
    // rollup) and as the rows streamed to the hub and summed in Rust (the SQLite way, which
    // PostgreSQL used before).
    let nation = (
        date!(2026 - 11 - 01),
        date!(2026 - 11 - 30),
        TrendBuckets { days: 1, lead: 0 },
    );
    let province = (
        date!(2026 - 01 - 01),
        date!(2026 - 12 - 31),
        TrendBuckets { days: 7, lead: 3 },
    );
    for (name, (from, to, buckets), region) in [
        ("province 32, year", province, Some(region("32"))),
        ("nation, November", nation, None),
        (
            "nation, 1-29 November (over day_facts)",
            (date!(2026 - 11 - 01), date!(2026 - 11 - 29), nation.2),
            None,
        ),
    ] {
        let mut one_query = || {
            black_box(
                pg.overview_totals(from, to, buckets, region.as_ref())
                    .expect("totals"),
            );
        };
        group.bench_function(format!("totals summed by PostgreSQL, {name}"), |b| {
            b.iter(&mut one_query)
        });
        let (p50, p95) = percentiles(PERCENTILE_RUNS / 2, &mut one_query);
        eprintln!("totals summed by PostgreSQL, {name}: p50 {p50:.1} ms, p95 {p95:.1} ms");
        let mut streamed = || {
            black_box(
                totals_from_day_facts(|visit| pg.each_day_fact(from, to, visit), buckets)
                    .expect("totals"),
            );
        };
        // Seconds a run: timed a few times, not by criterion.
        let (p50, p95) = percentiles(5, &mut streamed);
        eprintln!("totals streamed, {name}: p50 {p50:.1} ms, p95 {p95:.1} ms (5 runs)");
    }
    group.finish();
}

criterion_group!(overview_pg, benches);
criterion_main!(overview_pg);
