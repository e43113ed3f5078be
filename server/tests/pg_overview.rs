//! The overview on PostgreSQL (its figures summed in one query) against the overview on SQLite
//! (one pass over the days in Rust): the same agencies, days and settings give the same
//! overview, every line's figures, indicators, score and rank, for every scope.

use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::dashboard::{overview_in, settings, Period};
use medsos_hub::device::DeviceName;
use medsos_hub::region::{RegionCode, RegionName, Scope};
use medsos_hub::store::dashboard::TrendBuckets;
use medsos_hub::store::{HubStore, PgStore, SqliteStore};
use medsos_hub::summary::CheckedDay;
use medsos_pg_cluster::Cluster;
use medsos_protocol::DailySummary;
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-11-26 08:00 UTC);
const FIRST: Date = date!(2026 - 09 - 01);

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).expect("region code")
}

fn day(on: Date, tweak: impl FnOnce(&mut DailySummary)) -> CheckedDay {
    let text = on.to_string();
    let mut summary = DailySummary::example(&text, 1);
    tweak(&mut summary);
    CheckedDay {
        day: text,
        schema_version: 1,
        revision: 1,
        json: serde_json::to_string(&summary).expect("json"),
        summary,
    }
}

/// Five agencies in three regencies and cities of two provinces, one revoked, with days from
/// September to today: gaps, days without a first response, medians of odd and even counts
/// (whose two middles add up to an odd number).
fn seed(store: &dyn HubStore) {
    let add_region = |code: &str, name: &str| {
        store
            .add_region(&region(code), &RegionName::parse(name).expect("name"), NOW)
            .expect("region")
    };
    add_region("32.73", "Kota Bandung");
    add_region("33", "Provinsi Jawa Tengah");
    add_region("33.71", "Kota Surakarta");
    let agencies = [
        ("DINKES", "Dinas Kesehatan", "32.03"),
        ("DISDIK", "Dinas Pendidikan", "32.03"),
        ("DISKOMINFO-BDG", "Diskominfo Kota Bandung", "32.73"),
        ("DISHUB-BDG", "Dinas Perhubungan Kota Bandung", "32.73"),
        ("DISKOMINFO-SKA", "Diskominfo Kota Surakarta", "33.71"),
    ];
    for (k, (code, name, at)) in agencies.into_iter().enumerate() {
        let code = AgencyCode::parse(code).expect("code");
        let added = store
            .add_agency_in(
                &code,
                &AgencyName::parse(name).expect("name"),
                Some(&region(at)),
                NOW,
            )
            .expect("agency");
        let enrolled = store
            .redeem_enrolment(
                &added.enrolment.code,
                &DeviceName::parse("PC Kantor").expect("device"),
                None,
                NOW,
            )
            .expect("enrol");
        let device = store
            .authenticate_device(&enrolled.token.hash())
            .expect("auth")
            .expect("device")
            .device;
        let k = k as i64;
        let mut days = Vec::new();
        for d in 0..(NOW.date() - FIRST).whole_days() {
            // Gaps: each agency skips some days, the last agency more of them.
            if (d * 7 + k * 3) % (5 - k.min(2)) == 0 {
                continue;
            }
            let n = |x: i64| x as u32;
            days.push(day(FIRST + Duration::days(d), |s| {
                s.posts.instagram.published = n((d + k) % 4);
                s.posts.facebook.published = n((d * 3 + k) % 3);
                s.posts.instagram.missed = n((d + 2 * k) % 5 / 4);
                s.posts.facebook.missed = n((d * k) % 7 / 6);
                s.complaints.answered_within_deadline = n((d + k) % 6);
                s.complaints.resolved = n((d * 5 + k) % 4);
                s.complaints.overdue = n((d * k + 1) % 5);
                s.complaints.median_first_response_minutes =
                    ((d + k) % 3 != 0).then(|| n((d * 37 + k * 11) % 101 + 1));
            }));
        }
        let results = store
            .ingest_summaries(
                added.id,
                device.device_id,
                &days,
                "2026-11-26T07:00:00.000Z",
            )
            .expect("ingest");
        assert_eq!(results.len(), days.len());
    }
    store
        .revoke_agency(
            &AgencyCode::parse("DISHUB-BDG").expect("code"),
            datetime!(2026-11-10 03:00 UTC),
        )
        .expect("revoke");
}

fn periods() -> Vec<Period> {
    let custom = |from: &str, to: &str| {
        Period::parse(Some("kustom"), Some(from), Some(to), NOW.date()).expect("period")
    };
    vec![
        // This month: daily buckets, the days after today not yet reported.
        Period::parse(Some("bulan"), None, None, NOW.date()).expect("period"),
        // From a Tuesday: weekly buckets with a lead of one day.
        custom("2026-09-15", "2026-11-30"),
        // Whole months (from the monthly rollup on PostgreSQL), weekly buckets from a Tuesday.
        custom("2026-09-01", "2026-10-31"),
        custom("2026-10-01", "2026-10-31"),
        // A week, and a period without any figure.
        custom("2026-10-05", "2026-10-11"),
        custom("2025-01-01", "2025-01-31"),
    ]
}

#[test]
fn the_overview_on_postgresql_is_the_overview_on_sqlite() {
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let pg = PgStore::connect(&cluster.url("hub")).expect("connects and migrates");
    let dir = tempfile::tempdir().expect("temp dir");
    let lite = SqliteStore::open(&dir.path().join("hub.sqlite3")).expect("opens");
    seed(&pg);
    seed(&lite);

    let scopes = [
        Scope::All,
        Scope::Within(region("32")),
        Scope::Within(region("32.73")),
        Scope::Within(region("33")),
        Scope::Within(region("35")),
    ];
    let mut seen_median = false;
    for period in periods() {
        for scope in &scopes {
            let on_pg = overview_in(&pg, period, settings::load(&pg).expect("s"), NOW, scope)
                .expect("overview on PostgreSQL");
            let on_sqlite =
                overview_in(&lite, period, settings::load(&lite).expect("s"), NOW, scope)
                    .expect("overview on SQLite");
            assert_eq!(on_pg, on_sqlite, "{period:?} {scope:?}");
            let expected = match scope.as_str() {
                "all" => 5,
                "32" => 4,
                "32.73" => 2,
                "33" => 1,
                _ => 0,
            };
            assert_eq!(on_pg.rows.len(), expected, "{scope:?}");
            assert!(on_pg
                .rows
                .iter()
                .all(|r| scope.covers(&r.region) && r.revoked == (r.code == "DISHUB-BDG")));
            seen_median |= on_pg.rows.iter().any(|r| r.median_first_response.is_some());
        }
    }
    assert!(seen_median);

    // The totals themselves: the same per agency on both (the default pass on SQLite gives
    // every agency; PostgreSQL only those of the region asked for).
    let buckets = TrendBuckets { days: 7, lead: 1 };
    let (from, to) = (date!(2026 - 09 - 15), date!(2026 - 11 - 30));
    let mut lite_all = lite
        .overview_totals(from, to, buckets, None)
        .expect("sqlite totals");
    let mut pg_all = pg
        .overview_totals(from, to, buckets, None)
        .expect("pg totals");
    lite_all.sort_by_key(|t| t.agency_id);
    pg_all.sort_by_key(|t| t.agency_id);
    assert_eq!(pg_all, lite_all);
    assert_eq!(pg_all.len(), 5);
    // Periods ending on each day: somewhere a median of an even count of days whose two
    // middles add up to an odd number (rounded down on both).
    let mut even_odd = 0;
    for end in 0..60 {
        let to = date!(2026 - 09 - 20) + Duration::days(end);
        let buckets = TrendBuckets { days: 1, lead: 0 };
        let mut lite_totals = lite
            .overview_totals(from, to, buckets, None)
            .expect("sqlite");
        let mut pg_totals = pg.overview_totals(from, to, buckets, None).expect("pg");
        lite_totals.sort_by_key(|t| t.agency_id);
        pg_totals.sort_by_key(|t| t.agency_id);
        assert_eq!(pg_totals, lite_totals, "to {to}");
        let mut medians: std::collections::HashMap<i64, Vec<i64>> = Default::default();
        lite.each_day_fact(from, to, &mut |f| {
            if let Some(m) = f.median_first_response {
                medians.entry(f.agency_id).or_default().push(m);
            }
        })
        .expect("facts");
        for (_, mut values) in medians {
            values.sort_unstable();
            let n = values.len();
            if n % 2 == 0 && (values[n / 2 - 1] + values[n / 2]) % 2 == 1 {
                even_odd += 1;
            }
        }
    }
    assert!(even_odd > 0);
    let bandung = pg
        .overview_totals(from, to, buckets, Some(&region("32.73")))
        .expect("pg totals of a city");
    assert_eq!(bandung.len(), 2);
    let java = pg
        .overview_totals(from, to, buckets, Some(&region("32")))
        .expect("pg totals of a province");
    assert_eq!(java.len(), 4);
    let lines = pg
        .overview_agencies_in(Some(&region("33")))
        .expect("lines of a province");
    assert_eq!(
        lines.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(),
        ["DISKOMINFO-SKA"]
    );
}
