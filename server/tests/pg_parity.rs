//! The areas of the PostgreSQL store not covered by `pg_store.rs` (official accounts,
//! impersonation reports, briefs, Meta, releases), each driven through the same calls on
//! SQLite and on PostgreSQL: every answer, error or value, must be the same on both. SQLite
//! is the reference, with its own tests of what each answer means; a few answers are also
//! checked here so that a scenario that went wrong on both engines alike does not pass.

use medsos_hub::account::{CheckedAccount, Handle};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::brief::{CheckedFulfilment, NewBrief};
use medsos_hub::device::DeviceName;
use medsos_hub::impersonation::CheckedReport;
use medsos_hub::store::briefs::NewAttachment;
use medsos_hub::store::impersonation_reports::ReportFilter;
use medsos_hub::store::meta::{
    FoundAccount, MetaInsightStore, MetaPost, NewComment, NewPublication,
};
use medsos_hub::store::releases::NewRelease;
use medsos_hub::store::{HubStore, MetaStore, PgStore, ReleaseStore, SqliteStore};
use medsos_pg_cluster::Cluster;
use medsos_protocol::{Platform, ReportStatus};
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-11-26 08:00 UTC);

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

/// Three agencies with one PC each; the PCs' (agency id, device id).
macro_rules! agencies_with_pcs {
    ($store:expr) => {{
        let store = $store;
        let mut pcs = Vec::new();
        for (c, n) in [
            ("DINKES", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan"),
            ("KOMINFO", "Diskominfo"),
        ] {
            let added = store
                .add_agency(&code(c), &AgencyName::parse(n).expect("name"), NOW)
                .expect("agency");
            let enrolled = store
                .redeem_enrolment(
                    &added.enrolment.code,
                    &DeviceName::parse("PC Kantor").expect("device"),
                    None,
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
        pcs
    }};
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

macro_rules! accounts_scenario {
    ($store:expr) => {{
        let store = $store;
        let pcs = agencies_with_pcs!(store);
        let (a, b, c) = (pcs[0], pcs[1], pcs[2]);
        let ig = Platform::Instagram;
        let fb = Platform::Facebook;
        let mut log: Vec<String> = Vec::new();
        log.push(format!(
            "{:?}",
            store.replace_synced_accounts(
                a.0,
                a.1,
                &[
                    account(ig, "dinkes.cianjur", true),
                    account(fb, "dinkescianjur", false)
                ],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.replace_synced_accounts(b.0, b.1, &[account(ig, "dinkes.cianjur", false)], NOW)
        ));
        log.push(format!("{:?}", store.account_claims()));
        log.push(format!("{:?}", store.accounts_awaiting_review()));
        log.push(format!(
            "{:?}",
            store.claimed_elsewhere(a.0, ig, "dinkes.cianjur")
        ));
        log.push(format!(
            "{:?}",
            store.approve_account(ig, "dinkes.cianjur", None, true, "rina", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.approve_account(ig, "dinkes.cianjur", Some(a.0), true, "rina", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.approve_account(ig, "dinkes.cianjur", None, true, "rina", NOW)
        ));
        log.push(format!("{:?}", store.listed_owner(ig, "dinkes.cianjur")));
        log.push(format!(
            "{:?}",
            store.reject_account(
                fb,
                "dinkescianjur",
                None,
                "  bukan akun  resmi ",
                "rina",
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.reject_account(fb, "dinkescianjur", None, "lagi", "rina", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.set_account_verified(ig, "dinkes.cianjur", false, "rina", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.set_account_verified(ig, "tidak.ada", true, "rina", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.replace_synced_accounts(b.0, b.1, &[account(ig, "dinkes.cianjur", false)], NOW)
        ));
        let kominfo = Handle::parse("kominfo.cianjur").expect("handle");
        log.push(format!(
            "{:?}",
            store.add_account_refusing(&code("KOMINFO"), ig, &kominfo, true, NOW)
        ));
        log.push(format!(
            "{:?}",
            store.add_account(&code("KOMINFO"), ig, &kominfo, true, NOW)
        ));
        log.push(format!(
            "{:?}",
            store.add_account(
                &code("DISDIK"),
                ig,
                &Handle::parse("dinkes.cianjur").expect("handle"),
                false,
                NOW
            )
        ));
        log.push(format!("{:?}", store.public_registry()));
        log.push(format!(
            "{:?}",
            store.remove_account(ig, "kominfo.cianjur", "akun ditutup", "rina", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.remove_account(ig, "kominfo.cianjur", "lagi", "rina", NOW)
        ));
        log.push(format!("{:?}", store.account_history(50)));
        log.push(format!("{:?}", store.listed_accounts()));
        log.push(format!("{:?}", store.agency_account_states(a.0)));
        log.push(format!("{:?}", store.agency_claims(b.0)));
        log.push(format!(
            "{:?}",
            store.replace_synced_accounts(a.0, a.1, &[], NOW + Duration::hours(1))
        ));
        log.push(format!("{:?}", store.agency_account_states(a.0)));
        log.push(format!("{:?}", store.accounts_awaiting_review()));
        log.push(format!("{:?}", store.public_registry()));
        log.push(format!("{:?}", store.registry_generation()));
        let _ = c;
        log
    }};
}

macro_rules! reports_scenario {
    ($store:expr) => {{
        let store = $store;
        let pcs = agencies_with_pcs!(store);
        let report = |id: &str, status, updated: &str| CheckedReport {
            id: id.to_owned(),
            platform: Platform::Instagram,
            handle: format!("palsu.{id}"),
            url: format!("https://www.instagram.com/palsu.{id}/"),
            imitates: Some("dinkes.cianjur".to_owned()),
            description: "Meminta pulsa atas nama dinas".to_owned(),
            status,
            first_seen_on: "2026-11-20".to_owned(),
            updated_at: updated.to_owned(),
        };
        let mut log: Vec<String> = Vec::new();
        let first = [
            report("r1", ReportStatus::MasihAktif, "2026-11-20T01:00:00.000Z"),
            report("r2", ReportStatus::Dilaporkan, "2026-11-21T01:00:00.000Z"),
        ];
        log.push(format!(
            "{:?}",
            store.upsert_impersonation_reports(pcs[0].0, &first, NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_impersonation_reports(pcs[0].0, &first, NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_impersonation_reports(
                pcs[0].0,
                &[report(
                    "r1",
                    ReportStatus::Ditutup,
                    "2026-11-22T01:00:00.000Z"
                )],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.upsert_impersonation_reports(
                pcs[1].0,
                &[report(
                    "r1",
                    ReportStatus::MasihAktif,
                    "2026-11-22T01:00:00.000Z"
                )],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.impersonation_reports(&ReportFilter::default(), 10)
        ));
        log.push(format!(
            "{:?}",
            store.impersonation_reports(
                &ReportFilter {
                    status: Some(ReportStatus::MasihAktif),
                    agency_code: None
                },
                10
            )
        ));
        log.push(format!(
            "{:?}",
            store.impersonation_reports(
                &ReportFilter {
                    status: None,
                    agency_code: Some("DINKES".to_owned())
                },
                1
            )
        ));
        log.push(format!("{:?}", store.active_impersonation_reports()));
        log.push(format!("{:?}", store.reporting_agencies()));
        log
    }};
}

macro_rules! briefs_scenario {
    ($store:expr) => {{
        let store = $store;
        let pcs = agencies_with_pcs!(store);
        let (a, b) = (pcs[0].0, pcs[1].0);
        let brief = |title: &str, from: &str, to: &str| NewBrief {
            title: title.to_owned(),
            body: "Unggah foto kegiatan dengan #CianjurManjur.".to_owned(),
            programme: "Cianjur Manjur".to_owned(),
            from_day: from.to_owned(),
            to_day: to.to_owned(),
        };
        let file = NewAttachment {
            file_name: "panduan.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            bytes: b"%PDF-1.4 isi".to_vec(),
        };
        let mut log: Vec<String> = Vec::new();
        log.push(format!(
            "{:?}",
            store.create_brief(
                &brief("Hari Jadi", "2026-11-20", "2026-12-10"),
                &[],
                &[file],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.create_brief(
                &brief("Khusus Disdik", "2026-11-25", "2026-11-30"),
                &[b, b],
                &[],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.brief_agency_ids(&[code("KOMINFO"), code("DINKES")])
        ));
        log.push(format!("{:?}", store.brief_agency_ids(&[code("TIDAKADA")])));
        log.push(format!("{:?}", store.briefs_for_agency(a, "2026-11-01")));
        log.push(format!("{:?}", store.briefs_for_agency(b, "2026-11-01")));
        log.push(format!("{:?}", store.briefs_for_agency(b, "2026-12-01")));
        log.push(format!("{:?}", store.brief_attachments(1)));
        log.push(format!("{:?}", store.brief_attachment_file(1, 1, Some(a))));
        log.push(format!("{:?}", store.brief_attachment_file(1, 1, None)));
        log.push(format!("{:?}", store.brief_attachment_file(2, 1, Some(a))));
        let post = |position, brief_id, url: &str, day| CheckedFulfilment {
            position,
            brief_id,
            platform: Platform::Instagram,
            url: url.to_owned(),
            day,
        };
        let posts = [post(
            1,
            1,
            "https://www.instagram.com/p/AAA/",
            date!(2026 - 11 - 21),
        )];
        log.push(format!("{:?}", store.record_fulfilments(a, &posts, NOW)));
        log.push(format!("{:?}", store.record_fulfilments(a, &posts, NOW)));
        log.push(format!(
            "{:?}",
            store.record_fulfilments(
                a,
                &[post(
                    1,
                    2,
                    "https://www.instagram.com/p/BBB/",
                    date!(2026 - 11 - 26)
                )],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.record_fulfilments(
                b,
                &[
                    post(
                        1,
                        2,
                        "https://www.instagram.com/p/CCC/",
                        date!(2026 - 11 - 26)
                    ),
                    post(
                        2,
                        2,
                        "https://www.instagram.com/p/DDD/",
                        date!(2026 - 11 - 24)
                    ),
                ],
                NOW
            )
        ));
        log.push(format!(
            "{:?}",
            store.record_fulfilments(
                b,
                &[post(
                    1,
                    2,
                    "https://www.instagram.com/p/CCC/",
                    date!(2026 - 11 - 26)
                )],
                NOW
            )
        ));
        log.push(format!("{:?}", store.brief_agency_choices()));
        log.push(format!("{:?}", store.briefs(10)));
        log.push(format!("{:?}", store.brief_targets(2)));
        log.push(format!("{:?}", store.brief_detail(1)));
        log.push(format!("{:?}", store.brief_detail(2)));
        log.push(format!("{:?}", store.brief_detail(99)));
        store.revoke_agency(&code("DISDIK"), NOW).expect("revoke");
        log.push(format!("{:?}", store.briefs(10)));
        // Last: a refused brief (PostgreSQL spends an id on it, SQLite does not).
        log.push(format!(
            "{:?}",
            store.create_brief(
                &brief("Ke PD dicabut", "2026-11-25", "2026-11-30"),
                &[b],
                &[],
                NOW
            )
        ));
        log.push(format!("{:?}", store.briefs(10).map(|b| b.len())));
        log
    }};
}

macro_rules! meta_scenario {
    ($store:expr) => {{
        let store = $store;
        let pcs = agencies_with_pcs!(store);
        let (a, b) = (pcs[0].0, pcs[1].0);
        let ig = Platform::Instagram;
        let fb = Platform::Facebook;
        let found = [
            FoundAccount {
                platform: ig,
                meta_id: "1784".to_owned(),
                page_id: "1001".to_owned(),
                name: "Dinkes Cianjur".to_owned(),
                handle: Some("dinkes.cianjur".to_owned()),
                page_token_sealed: "segel-1".to_owned(),
                matched_agency: Some(a),
            },
            FoundAccount {
                platform: fb,
                meta_id: "1001".to_owned(),
                page_id: "1001".to_owned(),
                name: "Dinas Pendidikan".to_owned(),
                handle: None,
                page_token_sealed: "segel-2".to_owned(),
                matched_agency: None,
            },
        ];
        let mut log: Vec<String> = Vec::new();
        log.push(format!("{:?}", store.meta_connection()));
        log.push(format!(
            "{:?}",
            store.save_meta_connection("token-segel", &found, NOW)
        ));
        log.push(format!("{:?}", store.meta_connection()));
        log.push(format!(
            "{:?}",
            store.assign_meta_account(fb, "1001", Some(b), "rina")
        ));
        log.push(format!(
            "{:?}",
            store.assign_meta_account(fb, "9999", Some(b), "rina")
        ));
        log.push(format!("{:?}", store.meta_accounts()));
        log.push(format!("{:?}", store.agency_meta_account(a, ig)));
        log.push(format!("{:?}", store.agency_meta_account(a, fb)));
        log.push(format!("{:?}", store.meta_account_token(fb, "1001")));
        let mut handles: Vec<_> = store
            .connected_meta_handles()
            .expect("handles")
            .into_iter()
            .map(|(id, p, h)| (id, p.as_str(), h))
            .collect();
        handles.sort();
        log.push(format!("{handles:?}"));
        log.push(format!(
            "{:?}",
            store.set_meta_account_blocked(ig, "1784", Some(NOW + Duration::minutes(5)))
        ));
        log.push(format!(
            "{:?}",
            store.set_meta_followers(ig, "1784", 1234, date!(2026 - 11 - 26))
        ));
        log.push(format!("{:?}", store.meta_accounts()));
        log.push(format!(
            "{:?}",
            store.put_meta_media(a, "abc", b"jpeg", (1080, 1350), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.put_meta_media(b, "abc", b"jpeg", (1080, 1350), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.agency_has_media(a, &["abc".to_owned(), "def".to_owned(), "abc".to_owned()])
        ));
        log.push(format!("{:?}", store.meta_media("abc")));
        log.push(format!("{:?}", store.meta_media("def")));
        let publication = |id: &str, caption: &str| NewPublication {
            id: id.to_owned(),
            platform: ig,
            account_meta_id: "1784".to_owned(),
            scheduled_at: NOW + Duration::minutes(30),
            caption: caption.to_owned(),
            alt_text: String::new(),
            media: vec!["abc".to_owned()],
        };
        log.push(format!(
            "{:?}",
            store.upsert_publication(a, &publication("p1", "Halo"), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(a, &publication("p1", "Halo"), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(
                a,
                &publication("p1", "Halo lagi"),
                NOW + Duration::minutes(1)
            )
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(b, &publication("p1", "Halo"), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(a, &publication("p2", "Dua"), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(a, &publication("p3", "Tiga"), NOW)
        ));
        log.push(format!("{:?}", store.publication("p1")));
        log.push(format!(
            "{:?}",
            store.due_publications(NOW + Duration::hours(1), 10)
        ));
        log.push(format!(
            "{:?}",
            store.save_publication_progress("p1", r#"{"container":"c1"}"#, NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(a, &publication("p1", "Ubah"), NOW)
        ));
        log.push(format!("{:?}", store.withdraw_publication(a, "p1", NOW)));
        log.push(format!("{:?}", store.withdraw_publication(b, "p3", NOW)));
        log.push(format!("{:?}", store.withdraw_publication(a, "p3", NOW)));
        log.push(format!("{:?}", store.withdraw_publication(a, "p3", NOW)));
        log.push(format!(
            "{:?}",
            store.finish_publication("p1", "m1", Some("https://www.instagram.com/p/X/"), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.fail_publication("p2", "ditolak Meta", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.defer_publication("p2", "kuota", NOW + Duration::hours(1), NOW)
        ));
        log.push(format!(
            "{:?}",
            store.upsert_publication(a, &publication("p2", "Dua"), NOW)
        ));
        log.push(format!("{:?}", store.agency_publications(a, None)));
        log.push(format!(
            "{:?}",
            store.agency_publications(a, Some(NOW - Duration::minutes(1)))
        ));
        log.push(format!(
            "{:?}",
            store.publication_counts(NOW - Duration::days(1))
        ));
        log.push(format!(
            "{:?}",
            store.mark_meta_broken("token kedaluwarsa", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.mark_meta_broken("lagi", NOW + Duration::minutes(1))
        ));
        log.push(format!("{:?}", store.meta_connection()));

        let post = MetaPost {
            platform: ig,
            meta_id: "m1".to_owned(),
            agency_id: a,
            account_meta_id: "1784".to_owned(),
            permalink: Some("https://www.instagram.com/p/X/".to_owned()),
            published_at: NOW,
            views: Some(100),
            reach: Some(80),
            likes: Some(10),
            comments: Some(2),
            shares: None,
            saved: Some(1),
        };
        log.push(format!("{:?}", store.upsert_meta_post(&post, NOW)));
        log.push(format!(
            "{:?}",
            store.upsert_meta_post(
                &MetaPost {
                    views: Some(150),
                    reach: None,
                    permalink: None,
                    ..post.clone()
                },
                NOW + Duration::hours(1)
            )
        ));
        log.push(format!(
            "{:?}",
            store.watched_posts(NOW - Duration::days(30))
        ));
        log.push(format!("{:?}", store.set_comments_seen(ig, "m1", NOW)));
        let comment = |id: &str, minutes| NewComment {
            comment_id: id.to_owned(),
            platform: ig,
            agency_id: a,
            post_meta_id: "m1".to_owned(),
            permalink: None,
            author: Some("warga".to_owned()),
            text: "Jalan rusak di Cibeber".to_owned(),
            commented_at: NOW + Duration::minutes(minutes),
        };
        let comments = [comment("c1", 1), comment("c2", 2)];
        log.push(format!("{:?}", store.insert_meta_comments(&comments, NOW)));
        log.push(format!("{:?}", store.insert_meta_comments(&comments, NOW)));
        log.push(format!("{:?}", store.pending_comments(a, 1)));
        log.push(format!(
            "{:?}",
            store.ack_comments(a, &["c1".to_owned(), "c1".to_owned(), "zz".to_owned()], NOW)
        ));
        log.push(format!(
            "{:?}",
            store.ack_comments(b, &["c2".to_owned()], NOW)
        ));
        log.push(format!("{:?}", store.pending_comments(a, 10)));
        log.push(format!("{:?}", store.comment_platform(a, "c1")));
        log.push(format!("{:?}", store.comment_platform(b, "c1")));
        log.push(format!(
            "{:?}",
            store.queue_reply(a, "b1", "c1", "Terima kasih", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.queue_reply(a, "b1", "c1", "Terima kasih", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.queue_reply(a, "b1", "c1", "Lain", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.queue_reply(a, "b2", "c2", "Segera", NOW)
        ));
        log.push(format!("{:?}", store.pending_replies(10)));
        log.push(format!("{:?}", store.finish_reply("b1", "r1", NOW)));
        log.push(format!(
            "{:?}",
            store.fail_reply("b2", "gangguan", false, NOW)
        ));
        log.push(format!(
            "{:?}",
            store.fail_reply("b2", "ditolak", true, NOW)
        ));
        log.push(format!("{:?}", store.agency_replies(a)));
        log.push(format!("{:?}", store.pending_replies(10)));
        log.push(format!(
            "{:?}",
            store.agency_meta_posts(a, NOW - Duration::days(1))
        ));
        log.push(format!(
            "{:?}",
            store.reach_by_agency(NOW - Duration::days(1), NOW + Duration::days(1))
        ));
        log
    }};
}

macro_rules! releases_scenario {
    ($store:expr) => {{
        let store = $store;
        let pcs = agencies_with_pcs!(store);
        let release = |version: &str| NewRelease {
            version: semver::Version::parse(version).expect("semver"),
            target: "windows".to_owned(),
            arch: "x86_64".to_owned(),
            notes: format!("Versi {version}"),
            signature: "sig".to_owned(),
            file_name: format!("medsos-pd_{version}_x64-setup.exe"),
            sha256: "00".repeat(32),
            size: 1234,
        };
        let mut placed = Vec::new();
        let mut log: Vec<String> = Vec::new();
        for version in ["0.9.0", "0.10.0", "0.2.0"] {
            log.push(format!(
                "{:?}",
                store.add_release(&release(version), NOW, &mut |id| {
                    placed.push(id);
                    Ok(())
                })
            ));
        }
        log.push(format!(
            "{:?}",
            store.add_release(&release("1.0.0"), NOW, &mut |_| Err(
                medsos_hub::error::Error::Export("berkas tidak dapat ditulis".to_owned())
            ))
        ));
        log.push(format!("{placed:?}"));
        log.push(format!(
            "{:?}",
            store.release_exists("windows", "x86_64", &semver::Version::new(0, 10, 0))
        ));
        log.push(format!(
            "{:?}",
            store.release_exists("windows", "x86_64", &semver::Version::new(1, 0, 0))
        ));
        log.push(format!("{:?}", ReleaseStore::releases(store)));
        log.push(format!("{:?}", store.release(2)));
        log.push(format!("{:?}", store.release(99)));
        log.push(format!(
            "{:?}",
            store.newest_release_after("windows", "x86_64", &semver::Version::new(0, 9, 5))
        ));
        log.push(format!(
            "{:?}",
            store.newest_release_after("windows", "x86_64", &semver::Version::new(0, 10, 0))
        ));
        log.push(format!(
            "{:?}",
            store.record_app_version(pcs[0].1, "0.9.0", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.record_app_version(pcs[0].1, "0.9.0", NOW)
        ));
        log.push(format!(
            "{:?}",
            store.record_app_version(pcs[1].1, "0.10.0", NOW)
        ));
        log.push(format!("{:?}", store.pc_versions()));
        // Last: a refused duplicate (PostgreSQL spends an id on it, SQLite does not).
        log.push(format!(
            "{:?}",
            store.add_release(&release("0.9.0"), NOW, &mut |_| Ok(()))
        ));
        log
    }};
}

/// Compares line by line, so a difference names its step.
fn same(area: &str, on_pg: &[String], on_sqlite: &[String]) {
    assert_eq!(on_pg.len(), on_sqlite.len(), "{area}: number of steps");
    for (step, (p, s)) in on_pg.iter().zip(on_sqlite).enumerate() {
        assert_eq!(
            p, s,
            "{area}, step {step}: PostgreSQL (left) and SQLite (right) differ"
        );
    }
}

#[test]
fn official_accounts_answer_as_on_sqlite() {
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = accounts_scenario!(&pg);
    let on_sqlite = accounts_scenario!(&lite);
    same("accounts", &on_pg, &on_sqlite);
    assert!(on_pg[5].contains("account.agency_required"), "{}", on_pg[5]);
    assert!(on_pg[6].starts_with("Ok(Approved"), "{}", on_pg[6]);
    assert!(
        on_pg[6].contains("DISDIK"),
        "B's claim refused: {}",
        on_pg[6]
    );
    assert!(
        on_pg[13].contains("account.listed_elsewhere"),
        "{}",
        on_pg[13]
    );
    assert!(on_pg[15].contains("AccountTaken"), "{}", on_pg[15]);
}

#[test]
fn impersonation_reports_answer_as_on_sqlite() {
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = reports_scenario!(&pg);
    let on_sqlite = reports_scenario!(&lite);
    same("reports", &on_pg, &on_sqlite);
    assert!(on_pg[1].contains("unchanged: 2"), "{}", on_pg[1]);
    assert!(on_pg[2].contains("updated: 1"), "{}", on_pg[2]);
}

#[test]
fn briefs_answer_as_on_sqlite() {
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = briefs_scenario!(&pg);
    let on_sqlite = briefs_scenario!(&lite);
    same("briefs", &on_pg, &on_sqlite);
    assert!(on_pg[9].contains("panduan.pdf"), "{}", on_pg[9]);
    assert!(on_pg[11].contains("recorded: 1"), "{}", on_pg[11]);
    assert!(on_pg[12].contains("unchanged: 1"), "{}", on_pg[12]);
    assert!(
        on_pg[13].contains("fulfilment.unknown_brief"),
        "{}",
        on_pg[13]
    );
}

#[test]
fn meta_answers_as_on_sqlite() {
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = meta_scenario!(&pg);
    let on_sqlite = meta_scenario!(&lite);
    same("meta", &on_pg, &on_sqlite);
    assert!(on_pg[18].contains("Created"), "{}", on_pg[18]);
    assert!(on_pg[21].contains("publication.id_taken"), "{}", on_pg[21]);
}

#[test]
fn releases_answer_as_on_sqlite() {
    let (_cluster, pg) = pg();
    let (_dir, lite) = sqlite();
    let on_pg = releases_scenario!(&pg);
    let on_sqlite = releases_scenario!(&lite);
    same("releases", &on_pg, &on_sqlite);
    assert!(on_pg.last().expect("steps").contains("release.duplicate"));
}
