//! The PostgreSQL store (`store::postgres`) against a real throwaway cluster
//! (`medsos-pg-cluster`: Debian's PostgreSQL, `initdb` in a temp dir, a random port), and
//! beside the SQLite store where both answer the same question: the same calls on both
//! engines must give the same answers.
//!
//! Nothing is skipped: without PostgreSQL installed the cluster helper installs it (as root)
//! or the tests fail saying how to install it.

use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::device::DeviceName;
use medsos_hub::error::Error;
use medsos_hub::store::postgres::LATEST_VERSION;
use medsos_hub::store::users::SESSION_LIFETIME;
use medsos_hub::store::{HubStore, PgStore, SqliteStore};
use medsos_hub::summary::CheckedDay;
use medsos_pg_cluster::Cluster;
use medsos_protocol::{DailySummary, DayOutcome, Holiday, HolidayKind};
use time::macros::{date, datetime};
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-11-26 08:00 UTC);

/// A cluster with database `hub`, and the store connected to it.
fn pg() -> (Cluster, PgStore) {
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let store = PgStore::connect(&cluster.url("hub")).expect("connects and migrates");
    (cluster, store)
}

fn sqlite() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("hub.sqlite3")).expect("opens");
    (dir, store)
}

fn code(text: &str) -> AgencyCode {
    AgencyCode::parse(text).expect("code")
}

fn name(text: &str) -> AgencyName {
    AgencyName::parse(text).expect("name")
}

fn device(text: &str) -> DeviceName {
    DeviceName::parse(text).expect("device name")
}

fn day(text: &str, revision: u32, tweak: impl FnOnce(&mut DailySummary)) -> CheckedDay {
    let mut summary = DailySummary::example(text, revision);
    tweak(&mut summary);
    CheckedDay {
        day: text.to_owned(),
        schema_version: 1,
        revision,
        json: serde_json::to_string(&summary).expect("json"),
        summary,
    }
}

fn connect_error(url: &str) -> String {
    match PgStore::connect(url) {
        Err(e @ Error::StoreConnect { .. }) => e.to_string(),
        Err(other) => panic!("expected StoreConnect, got {other:?}"),
        Ok(_) => panic!("expected {url} to be refused"),
    }
}

#[test]
fn a_database_that_cannot_be_used_is_named_with_the_reason_and_no_password() {
    let (cluster, _store) = pg();
    let port = cluster.port();

    let wrong = format!("postgres://medsos:salah-sekali@127.0.0.1:{port}/hub");
    let message = connect_error(&wrong);
    assert!(message.contains("kata sandi ditolak"), "{message}");
    assert!(
        message.contains(&format!("medsos@127.0.0.1:{port}/hub")),
        "{message}"
    );
    assert!(!message.contains("salah-sekali"), "{message}");

    let missing = cluster.url("tidak_ada");
    let message = connect_error(&missing);
    assert!(message.contains("tidak ada di server"), "{message}");
    assert!(!message.contains(cluster.password()), "{message}");

    // A port nobody listens on: bind one, learn it, let it go.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let message = connect_error(&format!("postgres://medsos:x@127.0.0.1:{closed}/hub"));
    assert!(message.contains("tidak dapat dihubungi"), "{message}");

    let message = connect_error("postgres://medsos@127.0.0.1:bukan-port/hub");
    assert!(message.contains("alamat basis data tidak sah"), "{message}");
}

#[test]
fn migrations_run_once_and_a_second_hub_process_finds_them_done() {
    let (cluster, store) = pg();
    store.ping().expect("ping");
    // Two more processes' worth of connects at once: the advisory lock lets one migrate.
    let url = cluster.url("hub");
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PgStore::connect(&url).map(|_| ()))
        })
        .collect();
    for handle in handles {
        handle.join().expect("thread").expect("connects");
    }
    assert_eq!(LATEST_VERSION, 6);
    // The 2026 holidays the schema seeds are there once.
    assert_eq!(store.holiday_years().expect("years"), vec![(2026, 25)]);
}

#[test]
fn agencies_enrolment_and_devices() {
    let (_cluster, store) = pg();
    let new = store
        .add_agency(&code("DINKES"), &name("Dinas Kesehatan"), NOW)
        .expect("add");
    assert!(matches!(
        store.add_agency(&code("dinkes"), &name("Lain"), NOW),
        Err(Error::AgencyCodeTaken(c)) if c == "DINKES"
    ));
    assert_eq!(store.agency_id(&code("DINKES")).expect("id"), new.id);
    assert!(matches!(
        store.agency_id(&code("TIDAKADA")),
        Err(Error::AgencyUnknown(_))
    ));
    let listed = store.agencies().expect("list");
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].enrolled);

    let enrolled = store
        .redeem_enrolment(
            &new.enrolment.code,
            &device("PC Kantor"),
            Some("inst-1"),
            NOW,
        )
        .expect("redeem");
    assert_eq!(enrolled.agency_id, new.id);
    assert!(matches!(
        store.redeem_enrolment(&new.enrolment.code, &device("PC Lain"), None, NOW),
        Err(Error::EnrolmentCodeRejected)
    ));
    let hash = enrolled.token.hash();
    let presented = store
        .authenticate_device(&hash)
        .expect("auth")
        .expect("known");
    assert_eq!(presented.device.agency_id, new.id);
    assert_eq!(presented.app_version, None);
    assert!(store.agencies().expect("list")[0].enrolled);

    // An expired code is refused with the same answer.
    let late = store
        .issue_additional_code(&code("DINKES"), NOW)
        .expect("code");
    assert!(matches!(
        store.redeem_enrolment(
            &late.code,
            &device("Laptop"),
            None,
            late.expires_at + time::Duration::seconds(1)
        ),
        Err(Error::EnrolmentCodeRejected)
    ));

    // A second PC, then the first revoked alone.
    let second = store
        .issue_additional_code(&code("DINKES"), NOW)
        .expect("code");
    let laptop = store
        .redeem_enrolment(
            &second.code,
            &device("Laptop Lapangan"),
            Some("inst-2"),
            NOW,
        )
        .expect("redeem");
    let devices = store.devices(new.id).expect("devices");
    assert_eq!(devices.len(), 2);
    let revoked = store
        .revoke_device(presented.device.device_id, NOW)
        .expect("revoke");
    assert_eq!(revoked.name, "PC Kantor");
    assert_eq!(revoked.agency_code, "DINKES");
    assert!(matches!(
        store.revoke_device(presented.device.device_id, NOW),
        Err(Error::Conflict {
            code: "device.already_revoked",
            ..
        })
    ));
    assert!(matches!(
        store.revoke_device(9999, NOW),
        Err(Error::Rejected {
            code: "device.unknown",
            ..
        })
    ));
    assert!(store.authenticate_device(&hash).expect("auth").is_none());
    let devices = store.devices(new.id).expect("devices");
    assert_eq!(devices[0].name, "Laptop Lapangan", "active first");
    assert_eq!(devices[1].revoked_at, Some(NOW));

    // Revoking the agency cuts every PC and voids unused codes; rotation brings it back.
    let unused = store
        .issue_additional_code(&code("DINKES"), NOW)
        .expect("code");
    assert_eq!(
        store.revoke_agency(&code("DINKES"), NOW).expect("revoke"),
        1
    );
    assert!(store
        .authenticate_device(&laptop.token.hash())
        .expect("auth")
        .is_none());
    assert!(matches!(
        store.redeem_enrolment(&unused.code, &device("PC"), None, NOW),
        Err(Error::EnrolmentCodeRejected)
    ));
    assert!(matches!(
        store.issue_additional_code(&code("DINKES"), NOW),
        Err(Error::Conflict {
            code: "agency.revoked",
            ..
        })
    ));
    let (revoked, fresh) = store.rotate_agency(&code("DINKES"), NOW).expect("rotate");
    assert_eq!(revoked, 0);
    store
        .redeem_enrolment(&fresh.code, &device("PC Baru"), None, NOW)
        .expect("redeem after rotation");
}

#[test]
fn users_and_sessions() {
    let (_cluster, store) = pg();
    let id = store
        .add_user("Rina.Kominfo", "Rina", "rahasia-panjang-1", NOW)
        .expect("add");
    let user = store
        .find_user("RINA.kominfo")
        .expect("find")
        .expect("found without case");
    assert_eq!(user.id, id);
    assert_eq!(user.username, "rina.kominfo");
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(matches!(
        store.add_user("rina.KOMINFO", "Rina", "rahasia-panjang-1", NOW),
        Err(Error::Rejected {
            code: "user.taken",
            ..
        })
    ));
    assert!(store.add_user("budi", "Budi", "pendek", NOW).is_err());

    let token = store.start_session(id, NOW).expect("start");
    let session = store.session(&token, NOW).expect("q").expect("open");
    assert_eq!(session.display_name, "Rina");
    assert!(store.session("lain", NOW).expect("q").is_none());
    assert!(store
        .session(&token, NOW + SESSION_LIFETIME)
        .expect("q")
        .is_none());
    store
        .set_user_password("rina.kominfo", "kata-sandi-baru-2")
        .expect("reset");
    assert!(store.session(&token, NOW).expect("q").is_none());
    let token = store.start_session(id, NOW).expect("start");
    store.end_session(&token).expect("end");
    assert!(store.session(&token, NOW).expect("q").is_none());
    let token = store.start_session(id, NOW).expect("start");
    store.disable_user("rina.kominfo", NOW).expect("disable");
    assert!(store.session(&token, NOW).expect("q").is_none());
    assert!(store.users().expect("users")[0].disabled);
    assert!(matches!(
        store.disable_user("siapa", NOW),
        Err(Error::Rejected {
            code: "user.unknown",
            ..
        })
    ));
}

#[test]
fn holidays_are_replaced_by_year() {
    let (_cluster, store) = pg();
    let holiday = |day: &str, kind, name: &str| Holiday {
        day: day.to_owned(),
        kind,
        name: name.to_owned(),
    };
    let years = store
        .replace_holiday_years(&[
            holiday("2027-01-01", HolidayKind::LiburNasional, "Tahun Baru 2027"),
            holiday("2027-02-05", HolidayKind::CutiBersama, "Cuti bersama Imlek"),
        ])
        .expect("replace");
    assert_eq!(years, vec![2027]);
    assert_eq!(
        store.holiday_years().expect("years"),
        vec![(2026, 25), (2027, 2)]
    );
    let of_2027 = store.holidays_of_year(2027).expect("2027");
    assert_eq!(of_2027[1].kind, HolidayKind::CutiBersama);
    store
        .replace_holiday_years(&[holiday(
            "2027-01-01",
            HolidayKind::LiburNasional,
            "Tahun Baru 2027 Masehi",
        )])
        .expect("replace again");
    assert_eq!(store.holidays_of_year(2027).expect("2027").len(), 1);
    let days = store.holiday_days().expect("days");
    assert!(days.contains(&date!(2027 - 01 - 01)));
    assert!(!days.contains(&date!(2027 - 02 - 05)));
    assert_eq!(days.len(), 26);
}

/// The same uploads on both engines; every question the dashboard asks of them answers
/// alike.
macro_rules! summaries_scenario {
    ($store:expr) => {{
        let store = $store;
        let a = store
            .add_agency(&code("DINKES"), &name("Dinas Kesehatan"), NOW)
            .expect("add");
        let b = store
            .add_agency(&code("DISDIK"), &name("Dinas Pendidikan"), NOW)
            .expect("add");
        let pc1 = store
            .redeem_enrolment(&a.enrolment.code, &device("PC Kantor"), Some("i-1"), NOW)
            .expect("pc1");
        let pc1 = store
            .authenticate_device(&pc1.token.hash())
            .expect("auth")
            .expect("pc1")
            .device;
        let extra = store
            .issue_additional_code(&code("DINKES"), NOW)
            .expect("code");
        let pc2 = store
            .redeem_enrolment(&extra.code, &device("Laptop"), Some("i-2"), NOW)
            .expect("pc2");
        let pc2 = store
            .authenticate_device(&pc2.token.hash())
            .expect("auth")
            .expect("pc2")
            .device;
        let pcb = store
            .redeem_enrolment(&b.enrolment.code, &device("PC"), None, NOW)
            .expect("pcb");
        let pcb = store
            .authenticate_device(&pcb.token.hash())
            .expect("auth")
            .expect("pcb")
            .device;

        let first = [
            day("2026-11-24", 1, |_| {}),
            day("2026-11-25", 2, |s| {
                s.complaints.median_first_response_minutes = None
            }),
        ];
        let mut outcomes = Vec::new();
        let received = "2026-11-25T10:00:00.000Z";
        for (who, days) in [
            (pc1, first.to_vec()),
            (pc1, first.to_vec()),
            (pc1, vec![day("2026-11-25", 3, |s| s.drafts_created = 9)]),
            (pc1, vec![day("2026-11-25", 1, |_| {})]),
            (
                pc2,
                vec![day("2026-11-25", 1, |s| s.posts.instagram.published = 4)],
            ),
            (
                pcb,
                vec![day("2026-11-25", 1, |s| {
                    s.complaints.received_by_kecamatan.clear()
                })],
            ),
        ] {
            let results = store
                .ingest_summaries(who.agency_id, who.device_id, &days, received)
                .expect("ingest");
            outcomes.push(
                results
                    .into_iter()
                    .map(|r| (r.day, r.revision, r.outcome))
                    .collect::<Vec<_>>(),
            );
        }
        let exported = store
            .summaries_between("2026-11-01", "2026-11-30")
            .expect("export");
        let mut facts = Vec::new();
        store
            .each_day_fact(date!(2026 - 11 - 20), date!(2026 - 11 - 30), &mut |f| {
                facts.push(f)
            })
            .expect("facts");
        facts.sort_by_key(|f| (f.agency_id, f.offset));
        let mut days = store
            .agency_days(a.id, date!(2026 - 11 - 01), date!(2026 - 11 - 30))
            .expect("agency days");
        days.sort_by_key(|d| d.day);
        let mut by_kecamatan = store
            .complaint_counts("kecamatan", date!(2026 - 11 - 01), date!(2026 - 11 - 30))
            .expect("counts");
        by_kecamatan.sort_by(|x, y| (&x.month, &x.name).cmp(&(&y.month, &y.name)));
        let lines = store.overview_agencies().expect("lines");
        let info = store.agency_info("DINKES").expect("info").expect("found");
        store
            .save_dashboard_settings(&[("bobot.posts", "30".to_owned())])
            .expect("save");
        store
            .save_dashboard_settings(&[("bobot.posts", "35".to_owned())])
            .expect("save again");
        let settings = store.dashboard_settings().expect("settings");
        let pc_devices = store.devices(a.id).expect("devices");
        // The office PC's store enrolled again (a reinstall): its days move to the new
        // enrolment, the old one is revoked, and the days are added up again.
        let again = store
            .issue_additional_code(&code("DINKES"), NOW)
            .expect("code");
        store
            .redeem_enrolment(&again.code, &device("PC Kantor baru"), Some("i-1"), NOW)
            .expect("enrol again");
        let carried = store
            .summaries_between("2026-11-01", "2026-11-30")
            .expect("export");
        let after = store
            .devices(a.id)
            .expect("devices")
            .into_iter()
            .map(|d| (d.name, d.revoked_at.is_some(), d.last_sync_at))
            .collect::<Vec<_>>();
        let mut refreshed = Vec::new();
        store
            .each_day_fact(date!(2026 - 11 - 20), date!(2026 - 11 - 30), &mut |f| {
                refreshed.push(f)
            })
            .expect("facts");
        refreshed.sort_by_key(|f| (f.agency_id, f.offset));
        (
            outcomes,
            exported,
            facts,
            days,
            by_kecamatan,
            lines,
            info,
            settings,
            pc_devices,
            (carried, after, refreshed),
        )
    }};
}

#[test]
fn summaries_and_the_dashboards_figures_answer_as_on_sqlite() {
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = summaries_scenario!(&pg);
    let on_sqlite = summaries_scenario!(&lite);

    let outcomes = &on_pg.0;
    assert_eq!(outcomes[0][0].2, DayOutcome::Stored);
    assert_eq!(outcomes[1][0].2, DayOutcome::Unchanged);
    assert_eq!(outcomes[2][0].2, DayOutcome::Replaced);
    assert_eq!(
        outcomes[3][0],
        ("2026-11-25".to_owned(), 3, DayOutcome::IgnoredOlder)
    );
    // DINKES's 25th is the sum of two PCs.
    let dinkes_25 = on_pg
        .1
        .iter()
        .find(|s| s.agency_code == "DINKES" && s.day == "2026-11-25")
        .expect("exported");
    assert_eq!(dinkes_25.devices, 2);
    assert_eq!(dinkes_25.revision, 3);
    assert!(!on_pg.2.is_empty());
    assert_eq!(on_pg.2[0].offset, 4);
    assert_eq!(on_pg.7, vec![("bobot.posts".to_owned(), "35".to_owned())]);

    // Ids are the engines' own; everything else answers alike.
    assert_eq!(on_pg.0, on_sqlite.0, "outcomes");
    assert_eq!(on_pg.1, on_sqlite.1, "export");
    let strip = |facts: &[medsos_hub::store::dashboard::DayFact]| {
        facts
            .iter()
            .map(|f| {
                let mut f = *f;
                f.agency_id = 0;
                f
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&on_pg.2), strip(&on_sqlite.2), "day facts");
    assert_eq!(on_pg.3, on_sqlite.3, "agency days");
    assert_eq!(on_pg.4, on_sqlite.4, "complaints by kecamatan");
    assert_eq!(on_pg.5.len(), on_sqlite.5.len());
    for (p, s) in on_pg.5.iter().zip(&on_sqlite.5) {
        assert_eq!(
            (&p.code, &p.name, p.revoked, p.last_sync, p.accounts_total),
            (&s.code, &s.name, s.revoked, s.last_sync, s.accounts_total)
        );
    }
    assert_eq!(
        (&on_pg.6.code, on_pg.6.created_at, on_pg.6.last_sync),
        (
            &on_sqlite.6.code,
            on_sqlite.6.created_at,
            on_sqlite.6.last_sync
        )
    );
    assert_eq!(on_pg.7, on_sqlite.7);
    let names = |d: &[medsos_hub::store::devices::DeviceInfo]| {
        d.iter()
            .map(|d| (d.name.clone(), d.last_sync_at))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&on_pg.8), names(&on_sqlite.8));

    // The re-enrolled store carried on: same on both engines, the old PC revoked.
    let (carried, after, refreshed) = &on_pg.9;
    assert_eq!(carried, &on_sqlite.9 .0, "summaries after re-enrolment");
    assert_eq!(after, &on_sqlite.9 .1, "PCs after re-enrolment");
    assert_eq!(
        strip(refreshed),
        strip(&on_sqlite.9 .2),
        "facts after re-enrolment"
    );
    assert!(
        after
            .iter()
            .any(|(name, revoked, _)| name == "PC Kantor" && *revoked),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|(name, revoked, last)| name == "PC Kantor baru" && !*revoked && last.is_some()),
        "{after:?}"
    );
}

#[test]
fn one_batch_sent_to_two_hub_processes_at_once_is_stored_once() {
    let (cluster, store) = pg();
    let new = store
        .add_agency(&code("DINKES"), &name("Dinas Kesehatan"), NOW)
        .expect("add");
    let pc = store
        .redeem_enrolment(&new.enrolment.code, &device("PC"), None, NOW)
        .expect("pc");
    let pc = store
        .authenticate_device(&pc.token.hash())
        .expect("auth")
        .expect("pc")
        .device;
    let batch: Vec<CheckedDay> = (1..=20)
        .map(|d| day(&format!("2026-11-{d:02}"), 1, |_| {}))
        .collect();
    // Two "replicas": separate stores (pools) on one database.
    let replicas: Vec<_> = (0..2)
        .map(|_| PgStore::connect(&cluster.url("hub")).expect("replica"))
        .collect();
    let results: Vec<Vec<DayOutcome>> = std::thread::scope(|scope| {
        let handles: Vec<_> = replicas
            .iter()
            .map(|replica| {
                let batch = &batch;
                scope.spawn(move || {
                    replica
                        .ingest_summaries(new.id, pc.device_id, batch, "2026-11-25T10:00:00.000Z")
                        .expect("ingest")
                        .into_iter()
                        .map(|r| r.outcome)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let stored = results
        .iter()
        .filter(|r| r.iter().all(|o| *o == DayOutcome::Stored))
        .count();
    let unchanged = results
        .iter()
        .filter(|r| r.iter().all(|o| *o == DayOutcome::Unchanged))
        .count();
    assert_eq!((stored, unchanged), (1, 1), "{results:?}");
    let exported = store
        .summaries_between("2026-11-01", "2026-11-30")
        .expect("export");
    assert_eq!(exported.len(), 20);
    assert!(exported.iter().all(|s| s.devices == 1));
}

/// Regions on both engines: the seeded province and regency, a regency added, an agency
/// needing its region once the hub serves two, the counts and refusals.
#[test]
fn regions_answer_as_on_sqlite() {
    use medsos_hub::region::{RegionCode, RegionName};
    fn run(store: &dyn HubStore) -> Vec<String> {
        let region = |c: &str| RegionCode::parse(c).expect("region code");
        let region_name = |n: &str| RegionName::parse(n).expect("region name");
        let mut out = Vec::new();
        let mut record = |label: &str, answer: String| out.push(format!("{label}: {answer}"));
        let outcome = |r: Result<(), Error>| match r {
            Ok(()) => "ok".to_owned(),
            Err(e) => format!("{e}"),
        };
        record(
            "one regency",
            format!(
                "{:?}",
                store
                    .add_agency(&code("DINKES"), &name("Dinas Kesehatan"), NOW)
                    .map(|_| ())
            ),
        );
        record(
            "city of unknown province",
            outcome(store.add_region(&region("33.71"), &region_name("Kota Surakarta"), NOW)),
        );
        record(
            "taken",
            outcome(store.add_region(&region("32.03"), &region_name("Cianjur lagi"), NOW)),
        );
        record(
            "bandung",
            outcome(store.add_region(&region("32.73"), &region_name("Kota Bandung"), NOW)),
        );
        let refused = store
            .add_agency(&code("DISHUB"), &name("Dinas Perhubungan"), NOW)
            .map(|_| ());
        record("two regencies, none named", format!("{refused:?}"));
        let added = store
            .add_agency_in(
                &code("DISKOMINFO-BDG"),
                &name("Diskominfo Kota Bandung"),
                Some(&region("32.73")),
                NOW,
            )
            .map(|_| ());
        record("named", format!("{added:?}"));
        let province = store
            .add_agency_in(&code("X"), &name("Dinas X"), Some(&region("32")), NOW)
            .map(|_| ());
        record("a province named", format!("{province:?}"));
        for r in store.regions().expect("regions") {
            record("region", format!("{} {} {}", r.code, r.name, r.agencies));
        }
        for a in store.agencies().expect("agencies") {
            record("agency", format!("{} {}", a.code, a.region));
        }
        for a in store.public_registry().expect("registry") {
            record("registry", format!("{} {}", a.code, a.region));
        }
        out
    }
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = run(&pg);
    let on_sqlite = run(&lite);
    assert_eq!(on_pg, on_sqlite);
    assert!(
        on_pg.contains(&"region: 32 Provinsi Jawa Barat 2".to_owned()),
        "{on_pg:#?}"
    );
    assert!(
        on_pg.contains(&"agency: DISKOMINFO-BDG 32.73".to_owned()),
        "{on_pg:#?}"
    );
    assert!(
        on_pg
            .iter()
            .any(|l| l.starts_with("two regencies, none named: Err")),
        "{on_pg:#?}"
    );
}
