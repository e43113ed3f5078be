//! `medsos-hub store copy`: the real binary copies a SQLite hub holding rows in every table into
//! a throwaway PostgreSQL cluster; the PostgreSQL store then answers as the SQLite one did,
//! hands out fresh ids, and a second copy gives the same result. A copy that fails (a bad
//! argument, a target that cannot be used, a source row the target refuses, schemas that do
//! not match) exits 1 with an Indonesian message and leaves the target as it was.
#![cfg(unix)]

use medsos_hub::account::{CheckedAccount, Handle};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::brief::{CheckedFulfilment, NewBrief};
use medsos_hub::device::DeviceName;
use medsos_hub::impersonation::CheckedReport;
use medsos_hub::region::{RegionCode, RegionName};
use medsos_hub::store::briefs::NewAttachment;
use medsos_hub::store::impersonation_reports::ReportFilter;
use medsos_hub::store::meta::{
    FoundAccount, MetaInsightStore, MetaPost, NewComment, NewPublication,
};
use medsos_hub::store::releases::NewRelease;
use medsos_hub::store::{HubStore, MetaStore, PgStore, ReleaseStore, SqliteStore};
use medsos_hub::summary::CheckedDay;
use medsos_pg_cluster::Cluster;
use medsos_protocol::{DailySummary, Holiday, HolidayKind, Platform, ReportStatus};
use std::path::Path;
use std::process::{Command, Output};
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-11-26 08:00 UTC);

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medsos-hub"));
    command
        .env("RUST_LOG", "warn")
        .env_remove("MEDSOS_DATABASE_URL");
    command
}

fn copy(from: &str, to: &str) -> Output {
    bin()
        .args(["store", "copy", "--from", from, "--to", to])
        .output()
        .expect("medsos-hub runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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

fn day(text: &str, revision: u32) -> CheckedDay {
    let summary = DailySummary::example(text, revision);
    CheckedDay {
        day: text.to_owned(),
        schema_version: 1,
        revision,
        json: serde_json::to_string(&summary).expect("json"),
        summary,
    }
}

fn account(platform: Platform, handle: &str, verified: bool) -> CheckedAccount {
    CheckedAccount {
        platform,
        handle: handle.to_owned(),
        url: match platform {
            Platform::Instagram => format!("https://www.instagram.com/{handle}/"),
            Platform::Facebook => format!("https://www.facebook.com/{handle}"),
        },
        display_name: format!("Akun {handle}"),
        verified,
        verification_requested_on: None,
    }
}

/// What the scenario made that the checks need again.
struct Made {
    /// (agency id, device id) of each agency's PC.
    pcs: Vec<(i64, i64)>,
    session: String,
}

/// A hub with rows in every table: agencies in two regions with their codes and PCs, a
/// revoked PC, officers and a session, summaries (and so day facts and counts), holidays of
/// another year, settings, official accounts with their listings and history, impersonation
/// reports, briefs with targets, an attachment and fulfilments, the Meta connection with its
/// accounts, media, publications, posts, followers, comments and replies, and releases with
/// the versions PCs run.
fn fill(store: &SqliteStore) -> Made {
    store
        .add_region(
            &RegionCode::parse("32.04").expect("region"),
            &RegionName::parse("Kabupaten Sukabumi").expect("region name"),
            NOW,
        )
        .expect("region");
    let mut pcs = Vec::new();
    for (c, n, region) in [
        ("DINKES", "Dinas Kesehatan", "32.03"),
        ("DISDIK", "Dinas Pendidikan", "32.03"),
        ("DISHUB", "Dinas Perhubungan Sukabumi", "32.04"),
    ] {
        let added = store
            .add_agency_in(
                &code(c),
                &name(n),
                Some(&RegionCode::parse(region).expect("region")),
                NOW,
            )
            .expect("agency");
        let enrolled = store
            .redeem_enrolment(
                &added.enrolment.code,
                &device("PC Kantor"),
                Some(&format!("inst-{c}")),
                NOW,
            )
            .expect("enrol");
        let pc = store
            .authenticate_device(&enrolled.token.hash())
            .expect("auth")
            .expect("pc")
            .device;
        pcs.push((pc.agency_id, pc.device_id));
    }
    // A second PC for DINKES, then revoked; a code issued and never used.
    let extra = store
        .issue_additional_code(&code("DINKES"), NOW)
        .expect("code");
    let laptop = store
        .redeem_enrolment(&extra.code, &device("Laptop"), None, NOW)
        .expect("enrol laptop");
    let laptop_id = store
        .authenticate_device(&laptop.token.hash())
        .expect("auth")
        .expect("pc")
        .device
        .device_id;
    store.revoke_device(laptop_id, NOW).expect("revoke laptop");
    store
        .issue_additional_code(&code("DISDIK"), NOW)
        .expect("unused code");

    let user = store
        .add_user("rina", "Rina Marlina", "kata-sandi-panjang-1", NOW)
        .expect("user");
    store
        .add_user("budi", "Budi Santoso", "kata-sandi-panjang-2", NOW)
        .expect("user");
    store
        .set_user_role("budi", medsos_hub::store::users::Role::Pemantau)
        .expect("role");
    store.disable_user("budi", NOW).expect("disable");
    store
        .record_audit(
            &medsos_hub::store::audit::NewEntry {
                officer: "rina",
                action: "user.disable",
                target: "budi",
                detail: "",
            },
            NOW,
        )
        .expect("audit");
    let session = store.start_session(user, NOW).expect("session");
    // A wrong password counted for a name and a client, as the login throttle does.
    store
        .count_login_failure(
            &["nama:rina".to_owned(), "klien:10.0.0.7".to_owned()],
            NOW,
            NOW - time::Duration::minutes(15),
            &mut |_| true,
        )
        .expect("failure counted");

    for (agency, pc) in &pcs {
        let days: Vec<CheckedDay> = (10..=25)
            .map(|d| day(&format!("2026-11-{d:02}"), 1))
            .collect();
        store
            .ingest_summaries(*agency, *pc, &days, "2026-11-26T08:00:00.000Z")
            .expect("ingest");
    }

    store
        .replace_holiday_years(&[Holiday {
            day: "2027-01-01".to_owned(),
            kind: HolidayKind::LiburNasional,
            name: "Tahun Baru 2027 Masehi".to_owned(),
        }])
        .expect("holidays");
    store
        .save_dashboard_settings(&[("weight.posts", "40".to_owned())])
        .expect("settings");

    let (a, b, c) = (pcs[0], pcs[1], pcs[2]);
    let ig = Platform::Instagram;
    let fb = Platform::Facebook;
    store
        .replace_synced_accounts(
            a.0,
            a.1,
            &[
                account(ig, "dinkes.cianjur", true),
                account(fb, "dinkescianjur", false),
            ],
            NOW,
        )
        .expect("accounts");
    store
        .replace_synced_accounts(b.0, b.1, &[account(ig, "dinkes.cianjur", false)], NOW)
        .expect("accounts");
    store
        .replace_synced_accounts(c.0, c.1, &[account(ig, "dishub.sukabumi", true)], NOW)
        .expect("accounts");
    store
        .approve_account(ig, "dinkes.cianjur", Some(a.0), true, "rina", NOW)
        .expect("approve");
    store
        .approve_account(ig, "dishub.sukabumi", None, true, "rina", NOW)
        .expect("approve");
    store
        .reject_account(fb, "dinkescianjur", None, "bukan akun resmi", "rina", NOW)
        .expect("reject");
    store
        .add_account(
            &code("DISDIK"),
            ig,
            &Handle::parse("disdik.cianjur").expect("handle"),
            false,
            NOW,
        )
        .expect("recorded account");

    let report = |id: &str, status| CheckedReport {
        id: id.to_owned(),
        platform: ig,
        handle: format!("palsu.{id}"),
        url: format!("https://www.instagram.com/palsu.{id}/"),
        imitates: Some("dinkes.cianjur".to_owned()),
        description: "Meminta pulsa atas nama dinas".to_owned(),
        status,
        first_seen_on: "2026-11-20".to_owned(),
        updated_at: "2026-11-21T01:00:00.000Z".to_owned(),
    };
    store
        .upsert_impersonation_reports(
            a.0,
            &[
                report("r1", ReportStatus::MasihAktif),
                report("r2", ReportStatus::Dilaporkan),
            ],
            NOW,
        )
        .expect("reports");

    let brief = |title: &str| NewBrief {
        title: title.to_owned(),
        body: "Unggah foto kegiatan dengan #CianjurManjur.".to_owned(),
        programme: "Cianjur Manjur".to_owned(),
        from_day: "2026-11-20".to_owned(),
        to_day: "2026-12-10".to_owned(),
    };
    let everyone = store
        .create_brief(
            &brief("Hari Jadi"),
            &[],
            &[NewAttachment {
                file_name: "panduan.pdf".to_owned(),
                content_type: "application/pdf".to_owned(),
                bytes: b"%PDF-1.4 isi\x00\xff biner".to_vec(),
            }],
            NOW,
        )
        .expect("brief");
    let targeted = store
        .create_brief(&brief("Khusus Disdik"), &[b.0], &[], NOW)
        .expect("brief");
    let post = |brief_id, url: &str| CheckedFulfilment {
        position: 1,
        brief_id,
        platform: ig,
        url: url.to_owned(),
        day: date!(2026 - 11 - 21),
    };
    store
        .record_fulfilments(
            a.0,
            &[post(everyone, "https://www.instagram.com/p/AAA/")],
            NOW,
        )
        .expect("fulfilment");
    store
        .record_fulfilments(
            b.0,
            &[post(targeted, "https://www.instagram.com/p/BBB/")],
            NOW,
        )
        .expect("fulfilment");

    store
        .save_meta_connection(
            "token-segel",
            &[
                FoundAccount {
                    platform: ig,
                    meta_id: "1784".to_owned(),
                    page_id: "1001".to_owned(),
                    name: "Dinkes Cianjur".to_owned(),
                    handle: Some("dinkes.cianjur".to_owned()),
                    page_token_sealed: "segel-1".to_owned(),
                    matched_agency: Some(a.0),
                },
                FoundAccount {
                    platform: fb,
                    meta_id: "1002".to_owned(),
                    page_id: "1002".to_owned(),
                    name: "Dishub Sukabumi".to_owned(),
                    handle: None,
                    page_token_sealed: "segel-2".to_owned(),
                    matched_agency: None,
                },
            ],
            NOW,
        )
        .expect("meta connection");
    store
        .assign_meta_account(fb, "1002", Some(c.0), "rina")
        .expect("assign");
    store
        .set_meta_followers(ig, "1784", 1234, date!(2026 - 11 - 26))
        .expect("followers");
    store
        .put_meta_media(a.0, "abc", b"\xff\xd8jpeg", (1080, 1350), NOW)
        .expect("media");
    store
        .upsert_publication(
            a.0,
            &NewPublication {
                id: "p1".to_owned(),
                platform: ig,
                account_meta_id: "1784".to_owned(),
                scheduled_at: NOW + Duration::minutes(30),
                caption: "Halo Cianjur".to_owned(),
                alt_text: String::new(),
                media: vec!["abc".to_owned()],
            },
            NOW,
        )
        .expect("publication");
    store
        .upsert_meta_post(
            &MetaPost {
                platform: ig,
                meta_id: "m1".to_owned(),
                agency_id: a.0,
                account_meta_id: "1784".to_owned(),
                permalink: Some("https://www.instagram.com/p/X/".to_owned()),
                published_at: NOW,
                views: Some(100),
                reach: Some(80),
                likes: Some(10),
                comments: Some(2),
                shares: None,
                saved: Some(1),
            },
            NOW,
        )
        .expect("post");
    store
        .insert_meta_comments(
            &[NewComment {
                comment_id: "c1".to_owned(),
                platform: ig,
                agency_id: a.0,
                post_meta_id: "m1".to_owned(),
                permalink: None,
                author: Some("warga".to_owned()),
                text: "Jalan rusak di Cibeber".to_owned(),
                commented_at: NOW + Duration::minutes(1),
            }],
            NOW,
        )
        .expect("comments");
    store
        .queue_reply(a.0, "b1", "c1", "Terima kasih", NOW)
        .expect("reply");

    for version in ["0.9.0", "0.10.0"] {
        store
            .add_release(
                &NewRelease {
                    version: semver::Version::parse(version).expect("semver"),
                    target: "windows".to_owned(),
                    arch: "x86_64".to_owned(),
                    notes: format!("Versi {version}"),
                    signature: "sig".to_owned(),
                    file_name: format!("medsos-pd_{version}_x64-setup.exe"),
                    sha256: "00".repeat(32),
                    size: 1234,
                },
                NOW,
                &mut |_| Ok(()),
            )
            .expect("release");
    }
    store
        .record_app_version(a.1, "0.9.0", NOW)
        .expect("app version");
    Made { pcs, session }
}

/// What the hub answers, through the store API, on the areas the copy must carry over.
fn answers(store: &dyn HubStore, made: &Made) -> Vec<String> {
    let mut facts = Vec::new();
    store
        .each_day_fact(date!(2026 - 11 - 01), date!(2026 - 11 - 30), &mut |f| {
            facts.push(format!("{f:?}"));
        })
        .expect("facts");
    facts.sort();
    let mut out = vec![
        format!("{:?}", store.regions()),
        format!("{:?}", store.agencies()),
        format!("{:?}", store.overview_agencies()),
        format!("{facts:?}"),
        format!("{:?}", store.agency_info("DINKES")),
        format!(
            "{:?}",
            store
                .agency_days(made.pcs[0].0, date!(2026 - 11 - 01), date!(2026 - 11 - 30))
                .map(|mut days| {
                    days.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
                    days
                })
        ),
        format!(
            "{:?}",
            store.complaint_counts("category", date!(2026 - 11 - 01), date!(2026 - 11 - 30))
        ),
        format!("{:?}", store.summaries_between("2026-11-01", "2026-11-30")),
        format!("{:?}", store.holiday_years()),
        format!("{:?}", store.holidays_of_year(2027)),
        format!("{:?}", store.dashboard_settings()),
        format!("{:?}", store.users()),
        format!("{:?}", store.audit_log(10)),
        format!(
            "{:?}",
            store.session(&made.session, NOW).map(|s| s.is_some())
        ),
        format!("{:?}", store.account_claims()),
        format!("{:?}", store.public_registry()),
        format!("{:?}", store.account_history(50)),
        format!("{:?}", store.listed_accounts()),
        format!(
            "{:?}",
            store.impersonation_reports(&ReportFilter::default(), 10)
        ),
        format!("{:?}", store.briefs(10)),
        format!("{:?}", store.brief_detail(1)),
        format!("{:?}", store.brief_attachments(1)),
        format!("{:?}", store.brief_attachment_file(1, 1, None)),
        format!("{:?}", store.briefs_for_agency(made.pcs[1].0, "2026-11-01")),
        format!("{:?}", store.meta().meta_connection()),
        format!("{:?}", store.meta().meta_accounts()),
        format!("{:?}", store.meta().meta_media("abc")),
        format!("{:?}", store.meta().publication("p1")),
        format!("{:?}", store.meta().pending_comments(made.pcs[0].0, 10)),
        format!("{:?}", store.meta().pending_replies(10)),
        format!(
            "{:?}",
            store
                .meta()
                .agency_meta_posts(made.pcs[0].0, NOW - Duration::days(1))
        ),
        format!("{:?}", store.releases().releases()),
        format!("{:?}", store.releases().pc_versions()),
    ];
    for (agency, _) in &made.pcs {
        out.push(format!("{:?}", store.devices(*agency)));
        out.push(format!("{:?}", store.agency_account_states(*agency)));
    }
    out
}

/// The printed table of counts: (table, sqlite, postgresql) for each row after the header.
fn counts(stdout: &str) -> Vec<(String, u64, u64)> {
    let lines: Vec<&str> = stdout.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.split_whitespace().collect::<Vec<_>>() == ["TABEL", "SQLITE", "POSTGRESQL"])
        .unwrap_or_else(|| panic!("no table of counts in:\n{stdout}"));
    lines[header + 1..]
        .iter()
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(cells.len(), 3, "{line}");
            (
                cells[0].to_owned(),
                cells[1].parse().expect("count"),
                cells[2].parse().expect("count"),
            )
        })
        .collect()
}

/// Every table of the target with its rows, and the registry's generation: what "unchanged"
/// is checked against.
fn pg_state(url: &str) -> Vec<String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connects");
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             ORDER BY table_name",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut state = Vec::new();
    for table in tables {
        // Every row as text, in order: the whole content, not only the count.
        let rows: Vec<String> = client
            .query(
                &format!("SELECT t::text FROM \"{table}\" t ORDER BY t::text"),
                &[],
            )
            .expect("rows")
            .iter()
            .map(|r| r.get(0))
            .collect();
        state.push(format!("{table}: {rows:?}"));
    }
    state
}

fn sqlite_hub() -> (tempfile::TempDir, std::path::PathBuf, Made) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hub.sqlite3");
    let store = SqliteStore::open(&path).expect("opens");
    let made = fill(&store);
    drop(store);
    (dir, path, made)
}

fn from(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

#[test]
fn a_hub_copied_to_postgresql_answers_as_on_sqlite_and_a_second_copy_gives_the_same() {
    let (_dir, path, made) = sqlite_hub();
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    // A hub already on the target (registry generation read before the copy).
    let before = {
        let pg = PgStore::connect(&url).expect("connects");
        pg.registry_generation().expect("generation")
    };

    let output = copy(&from(&path), &url);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(stdout.contains("disalin ke PostgreSQL"), "{stdout}");
    assert!(!stdout.contains(cluster.password()), "{stdout}");
    let first = counts(&stdout);
    // Every table of the hub, each with rows and the same count on both sides; PostgreSQL's
    // own version table is not among them.
    for table in [
        "agencies",
        "regions",
        "enrolment_codes",
        "devices",
        "summaries",
        "day_facts",
        "day_counts",
        "holidays",
        "dashboard_settings",
        "users",
        "sessions",
        "agency_accounts",
        "account_listings",
        "account_listing_events",
        "impersonation_reports",
        "briefs",
        "brief_targets",
        "brief_attachments",
        "brief_fulfilments",
        "registry_generation",
        "meta_connection",
        "meta_accounts",
        "meta_media",
        "meta_publications",
        "meta_posts",
        "meta_followers",
        "meta_comments",
        "meta_comment_replies",
        "releases",
        "login_failures",
    ] {
        assert!(
            first.iter().any(|(t, _, _)| t == table),
            "{table} not copied:\n{stdout}"
        );
    }
    assert!(!first.iter().any(|(t, _, _)| t == "medsos_schema_version"));
    // The overview's monthly rollup is PostgreSQL's own, rebuilt from the copied days.
    assert!(!first.iter().any(|(t, _, _)| t == "overview_months"));
    for (table, sqlite, postgres) in &first {
        assert_eq!(sqlite, postgres, "{table}");
        assert!(*sqlite > 0, "{table} has no rows in the scenario");
    }
    let agencies = first.iter().find(|(t, _, _)| t == "agencies").expect("row");
    assert_eq!(agencies.1, 3);

    // The PostgreSQL store answers as the SQLite store does.
    let lite = SqliteStore::open(&path).expect("opens");
    let pg = PgStore::connect(&url).expect("connects");
    let on_sqlite = answers(&lite, &made);
    let on_pg = answers(&pg, &made);
    assert_eq!(on_pg.len(), on_sqlite.len());
    for (step, (p, s)) in on_pg.iter().zip(&on_sqlite).enumerate() {
        assert_eq!(
            p, s,
            "answer {step}: PostgreSQL (left) and SQLite (right) differ"
        );
    }
    // A PC's token and an officer's session carry over.
    assert!(on_pg
        .iter()
        .any(|a| a.contains("Dinas Perhubungan Sukabumi")));
    // The registry moved on, so a hub serving from the target rebuilds it.
    let after = pg.registry_generation().expect("generation");
    assert!(after > before, "{after} > {before}");

    // The admin commands list the same on both stores.
    for args in [
        ["agency", "list"],
        ["region", "list"],
        ["user", "list"],
        ["account", "list"],
    ] {
        let on_file = bin()
            .args(args)
            .arg("--db")
            .arg(&path)
            .output()
            .expect("runs");
        let on_pg = bin()
            .args(args)
            .args(["--database-url", &url])
            .output()
            .expect("runs");
        assert!(on_file.status.success(), "{}", text(&on_file.stderr));
        assert!(on_pg.status.success(), "{}", text(&on_pg.stderr));
        assert_eq!(text(&on_pg.stdout), text(&on_file.stdout), "{args:?}");
    }

    // New rows take fresh ids past the ones copied.
    let highest = pg
        .agencies()
        .expect("agencies")
        .iter()
        .map(|a| pg.agency_id(&code(&a.code)).expect("id"))
        .max()
        .expect("agencies");
    let added = pg
        .add_agency_in(
            &code("BAPPEDA"),
            &name("Badan Perencanaan"),
            Some(&RegionCode::parse("32.04").expect("region")),
            NOW,
        )
        .expect("a new agency after the copy");
    assert_eq!(added.id, highest + 1);
    let user = pg
        .add_user("sari", "Sari", "kata-sandi-panjang-3", NOW)
        .expect("a new officer after the copy");
    assert!(user > 2, "{user}");
    drop(pg);

    // Again: the target is replaced (BAPPEDA and sari go), with the same counts.
    let output = copy(&from(&path), &url);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(counts(&text(&output.stdout)), first);
    let pg = PgStore::connect(&url).expect("connects");
    assert_eq!(answers(&pg, &made), on_sqlite);
    assert!(pg.registry_generation().expect("generation") > after);
    let listed = bin()
        .args(["agency", "list", "--database-url", &url])
        .output()
        .expect("runs");
    let on_file = bin()
        .args(["agency", "list", "--db"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert_eq!(text(&listed.stdout), text(&on_file.stdout));
}

#[test]
fn arguments_are_checked_and_a_missing_file_is_not_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("tidak-ada.sqlite3");

    let output = copy(
        &missing.display().to_string(),
        "postgres://u:p@127.0.0.1:1/db",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("--from harus diawali sqlite:"));

    let output = copy(&from(&missing), "mysql://u:p@127.0.0.1/db");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("--to harus alamat PostgreSQL"));

    let output = copy(&from(&missing), "postgres://u:p@127.0.0.1:1/db");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("berkas tidak ditemukan"), "{stderr}");
    assert!(!missing.exists(), "no empty hub made");
}

#[test]
fn a_copy_that_fails_leaves_the_target_as_it_was() {
    let (_dir, path, _made) = sqlite_hub();
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    let output = copy(&from(&path), &url);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let good = pg_state(&url);

    // A target that cannot be used: nothing is touched, the message says why.
    let wrong = format!("postgres://medsos:salah@127.0.0.1:{}/hub", cluster.port());
    let output = copy(&from(&path), &wrong);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("kata sandi ditolak"), "{stderr}");
    assert!(!stderr.contains("salah"), "{stderr}");

    // A source row the target refuses, late in the copy: an agency in a region SQLite does
    // not check (its column has no foreign key there; PostgreSQL's has).
    {
        let conn = rusqlite::Connection::open(&path).expect("opens");
        conn.execute(
            "UPDATE agencies SET region_code = '32.99' WHERE code = 'DISHUB'",
            [],
        )
        .expect("update");
    }
    let output = copy(&from(&path), &url);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("PostgreSQL menolak isi tabel agencies"),
        "{stderr}"
    );
    assert!(stderr.contains("32.99"), "{stderr}");
    assert!(stderr.contains("dibatalkan"), "{stderr}");
    assert!(text(&output.stdout).is_empty());
    assert_eq!(pg_state(&url), good, "target unchanged");

    // A value PostgreSQL's text cannot hold, found while writing the last tables.
    {
        let conn = rusqlite::Connection::open(&path).expect("opens");
        conn.execute(
            "UPDATE agencies SET region_code = '32.04' WHERE code = 'DISHUB'",
            [],
        )
        .expect("update");
        conn.execute(
            "UPDATE releases SET notes = 'catatan' || char(0) || 'rilis' WHERE id = 2",
            [],
        )
        .expect("update");
    }
    let output = copy(&from(&path), &url);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("tabel releases, baris ke-2"), "{stderr}");
    assert!(stderr.contains("kolom notes"), "{stderr}");
    assert!(stderr.contains("karakter NUL"), "{stderr}");
    assert_eq!(pg_state(&url), good, "target unchanged");

    // Counts that differ once everything is in (a trigger of the target's adding a row
    // elsewhere): refused before the commit.
    {
        let conn = rusqlite::Connection::open(&path).expect("opens");
        conn.execute(
            "UPDATE releases SET notes = 'Versi 0.10.0' WHERE id = 2",
            [],
        )
        .expect("update");
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
        client
            .batch_execute(
                "CREATE FUNCTION tambah_setelan() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                     INSERT INTO dashboard_settings VALUES ('tambahan', 'x') ON CONFLICT DO NOTHING;
                     RETURN NULL;
                 END;
                 $$;
                 CREATE TRIGGER tambah_setelan AFTER INSERT ON agencies
                     FOR EACH ROW EXECUTE FUNCTION tambah_setelan();",
            )
            .expect("trigger");
    }
    let good = pg_state(&url);
    let output = copy(&from(&path), &url);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "jumlah baris tidak sama setelah disalin: dashboard_settings (SQLite 1, PostgreSQL 2)"
        ),
        "{stderr}"
    );
    assert_eq!(pg_state(&url), good, "target unchanged");
    {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
        client
            .batch_execute("DROP TRIGGER tambah_setelan ON agencies")
            .expect("drop trigger");
    }

    // Schemas that do not match: named before anything is written.
    {
        let conn = rusqlite::Connection::open(&path).expect("opens");
        conn.execute("ALTER TABLE briefs ADD COLUMN catatan TEXT", [])
            .expect("alter");
        conn.execute("CREATE TABLE tambahan (x INTEGER)", [])
            .expect("create");
    }
    let output = copy(&from(&path), &url);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("kolom briefs.catatan hanya ada di SQLite"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tabel hanya ada di SQLite: tambahan"),
        "{stderr}"
    );
    assert_eq!(pg_state(&url), good, "target unchanged");
    {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
        client
            .batch_execute("ALTER TABLE devices ADD COLUMN lokasi TEXT")
            .expect("alter");
    }
    let output = copy(&from(&path), &url);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("kolom devices.lokasi hanya ada di PostgreSQL"),
        "{stderr}"
    );
}

/// How long a copy of about 100,000 summary days takes (274 agencies, a year each): run with
/// `cargo test -p medsos-hub --test store_copy -- --ignored --nocapture`. A measurement, not
/// a check of time.
#[test]
#[ignore = "a measurement: seeds 100,000 summary days"]
fn a_year_of_274_agencies_is_copied_and_timed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hub.sqlite3");
    let started = std::time::Instant::now();
    {
        let store = SqliteStore::open(&path).expect("opens");
        let first = date!(2026 - 01 - 01);
        for n in 0..274 {
            let added = store
                .add_agency(
                    &code(&format!("PD{n:03}")),
                    &name(&format!("Perangkat Daerah {n}")),
                    NOW,
                )
                .expect("agency");
            let enrolled = store
                .redeem_enrolment(&added.enrolment.code, &device("PC Kantor"), None, NOW)
                .expect("enrol");
            let pc = store
                .authenticate_device(&enrolled.token.hash())
                .expect("auth")
                .expect("pc")
                .device;
            let days: Vec<CheckedDay> = (0..365)
                .map(|d| day(&(first + Duration::days(d)).to_string(), 1))
                .collect();
            store
                .ingest_summaries(
                    pc.agency_id,
                    pc.device_id,
                    &days,
                    "2026-12-31T08:00:00.000Z",
                )
                .expect("ingest");
        }
    }
    let seeded = started.elapsed();
    let size = std::fs::metadata(&path).expect("file").len();
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    for run in 1..=2 {
        let started = std::time::Instant::now();
        let output = copy(&from(&path), &url);
        let took = started.elapsed();
        assert!(output.status.success(), "{}", text(&output.stderr));
        let copied = counts(&text(&output.stdout));
        let summaries = copied
            .iter()
            .find(|(t, _, _)| t == "summaries")
            .expect("row");
        assert_eq!(summaries.2, 274 * 365);
        println!(
            "run {run}: {} summary days, {} rows in all, file {} MB (seeded in {:.1} s): \
             copied in {:.2} s\n{}",
            summaries.2,
            copied.iter().map(|(_, _, n)| n).sum::<u64>(),
            size / 1_000_000,
            seeded.as_secs_f64(),
            took.as_secs_f64(),
            text(&output.stdout)
        );
    }
}
