use super::*;
use crate::drafts::Platform;
use crate::sync::canned_hub::{canned_hub, request_lines};
use crate::sync::client::HubClient;
use crate::sync::outbox;
use crate::sync::run;
use crate::test_support::store;
use crate::FixedClock;
use medsos_protocol::{OfficialAccount as WireAccount, Registry, RegistryAgency};
use std::time::Duration;
use time::macros::datetime;

/// 09:00 WIB on Thursday 26 November 2026.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 02:00 UTC))
}

fn input(platform: Platform, handle: &str) -> AccountInput {
    AccountInput {
        platform,
        handle: handle.into(),
        url: String::new(),
        display_name: "Dinas Kesehatan Kab. Cianjur".into(),
        verified: false,
        admin_responsible: "Rina".into(),
    }
}

fn field(err: crate::Error) -> String {
    err.code()
}

#[test]
fn handles_and_urls_are_read_into_one_form_and_must_agree() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    let mut i = input(Platform::Instagram, "@DinkesCianjur");
    i.url = "https://m.instagram.com/dinkescianjur/?igsh=abc".into();
    let a = create(conn, &clock, &i).unwrap();
    assert_eq!(a.handle, "dinkescianjur");
    assert_eq!(a.url, "https://www.instagram.com/dinkescianjur/");

    // Only a URL: the handle comes from it.
    let mut fb = input(Platform::Facebook, "");
    fb.url = "web.facebook.com/dinkes.kab.cianjur?ref=bookmarks".into();
    let f = create(conn, &clock, &fb).unwrap();
    assert_eq!(f.handle, "dinkes.kab.cianjur");
    assert_eq!(f.url, "https://www.facebook.com/dinkes.kab.cianjur");

    // Disagreeing handle and URL.
    let mut bad = input(Platform::Instagram, "dinkes_cjr");
    bad.url = "https://instagram.com/dinkescianjur2".into();
    let e = create(conn, &clock, &bad).unwrap_err();
    assert_eq!(field(e), "invalid.url");
    // A Facebook URL on an Instagram account.
    let mut wrong = input(Platform::Instagram, "");
    wrong.url = "https://facebook.com/dinkescianjur".into();
    assert_eq!(
        field(create(conn, &clock, &wrong).unwrap_err()),
        "invalid.url"
    );
    assert_eq!(list(conn).unwrap().len(), 2);
}

#[test]
fn bad_input_is_refused_beside_its_field_and_nothing_is_saved() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    let cases: Vec<(AccountInput, &str, &str)> = vec![
        (
            input(Platform::Instagram, "dinkes cianjur"),
            "invalid.handle",
            "spasi",
        ),
        (
            input(Platform::Instagram, "dinkesciаnjur"),
            "invalid.handle",
            "Sirilik",
        ),
        (
            input(Platform::Instagram, "dinkes!cianjur"),
            "invalid.handle",
            "a-z",
        ),
        (input(Platform::Instagram, ""), "invalid.handle", "Isi"),
        (
            AccountInput {
                url: "https://www.instagram.com/p/C9xYz12AbCd/".into(),
                ..input(Platform::Instagram, "")
            },
            "invalid.url",
            "bukan profil",
        ),
        (
            AccountInput {
                url: "htps:/instagram".into(),
                ..input(Platform::Instagram, "dinkescianjur")
            },
            "invalid.url",
            "tidak dikenali",
        ),
        (
            AccountInput {
                display_name: "  ".into(),
                ..input(Platform::Instagram, "dinkescianjur")
            },
            "invalid.display_name",
            "Isi",
        ),
        (
            AccountInput {
                display_name: "x".repeat(101),
                ..input(Platform::Instagram, "dinkescianjur")
            },
            "invalid.display_name",
            "100",
        ),
    ];
    for (i, code, words) in cases {
        let e = create(conn, &clock, &i).unwrap_err();
        assert_eq!(e.code(), code, "{i:?}");
        assert!(e.to_string().contains(words), "{e} / {words}");
    }
    assert!(list(conn).unwrap().is_empty());

    create(conn, &clock, &input(Platform::Instagram, "dinkescianjur")).unwrap();
    let dup = create(conn, &clock, &input(Platform::Instagram, "@DinkesCianjur")).unwrap_err();
    assert_eq!(dup.code(), "invalid.handle");
    assert!(dup.to_string().contains("sudah tercatat"), "{dup}");
    // The same handle on the other platform is another account.
    let mut fb = input(Platform::Facebook, "dinkescianjur");
    fb.display_name = "Dinkes Cianjur".into();
    create(conn, &clock, &fb).unwrap();
    assert_eq!(list(conn).unwrap().len(), 2);
    let req = requirement(&list(conn).unwrap());
    assert!(req.has_instagram && req.has_facebook && !req.instagram_verified);
}

#[test]
fn verification_steps_drive_the_badge_and_the_summary_counts() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    let ig = create(conn, &clock, &input(Platform::Instagram, "dinkescianjur")).unwrap();
    let fb = create(conn, &clock, &input(Platform::Facebook, "dinkescianjur")).unwrap();
    let mut tw = input(Platform::Instagram, "dinkescianjur.info");
    tw.verified = true;
    create(conn, &clock, &tw).unwrap();

    set_step(
        conn,
        &clock,
        ig.id,
        VerificationStep::Profil,
        Some("2026-11-20"),
    )
    .unwrap();
    let a = set_step(
        conn,
        &clock,
        ig.id,
        VerificationStep::Ajukan,
        Some("2026-11-22"),
    )
    .unwrap();
    assert_eq!(a.verification_requested_on.as_deref(), Some("2026-11-22"));
    assert!(a.awaiting_decision);
    let e = set_step(
        conn,
        &clock,
        ig.id,
        VerificationStep::DuaFaktor,
        Some("2026-12-01"),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid.done_on");

    let counts = account_counts(conn).unwrap();
    assert_eq!(
        (counts.verified, counts.pending, counts.unverified),
        (1, 1, 1)
    );
    let s = crate::sync::summary::build(conn, &clock, "2026-11-26", 1).unwrap();
    assert_eq!(s.official_accounts, counts);

    let v = set_step(
        conn,
        &clock,
        ig.id,
        VerificationStep::Terverifikasi,
        Some("2026-11-25"),
    )
    .unwrap();
    assert!(v.verified && !v.awaiting_decision);
    let r = set_step(
        conn,
        &clock,
        fb.id,
        VerificationStep::Ajukan,
        Some("2026-11-23"),
    )
    .unwrap();
    assert!(r.awaiting_decision);
    let r = set_step(
        conn,
        &clock,
        fb.id,
        VerificationStep::Ditolak,
        Some("2026-11-25"),
    )
    .unwrap();
    assert!(!r.awaiting_decision && !r.verified);
    let counts = account_counts(conn).unwrap();
    assert_eq!(
        (counts.verified, counts.pending, counts.unverified),
        (2, 0, 1)
    );

    // Clearing "ditolak" puts it back among those awaiting a decision: today goes again.
    for day in outbox::pending(conn, 10).unwrap() {
        outbox::acknowledge(conn, &clock, &day).unwrap();
    }
    assert!(outbox::pending(conn, 10).unwrap().is_empty());
    let back = set_step(conn, &clock, fb.id, VerificationStep::Ditolak, None).unwrap();
    assert!(back.awaiting_decision);
    assert_eq!(account_counts(conn).unwrap().pending, 1);
    let days: Vec<String> = outbox::pending(conn, 10)
        .unwrap()
        .into_iter()
        .map(|d| d.day)
        .collect();
    assert_eq!(days, ["2026-11-26"]);
}

#[test]
fn account_changes_mark_the_list_and_today_for_sending() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    assert!(accounts_to_send(conn).unwrap().is_none());
    let a = create(conn, &clock, &input(Platform::Instagram, "dinkescianjur")).unwrap();
    let days: Vec<String> = outbox::pending(conn, 10)
        .unwrap()
        .into_iter()
        .map(|d| d.day)
        .collect();
    assert_eq!(days, ["2026-11-26"]);
    let pending = accounts_to_send(conn).unwrap().unwrap();
    assert_eq!(pending.accounts.len(), 1);
    assert_eq!(pending.accounts[0].handle, "dinkescianjur");
    // A change during the send keeps the list pending.
    update(
        conn,
        &clock,
        a.id,
        &AccountInput {
            verified: true,
            ..input(Platform::Instagram, "dinkescianjur")
        },
    )
    .unwrap();
    mark_accounts_sent(conn, &clock, pending.change_seq, &[]).unwrap();
    let again = accounts_to_send(conn).unwrap().unwrap();
    assert!(again.accounts[0].verified);
    mark_accounts_sent(
        conn,
        &clock,
        again.change_seq,
        &[medsos_protocol::AccountConflict {
            platform: medsos_protocol::Platform::Instagram,
            handle: "dinkescianjur".into(),
            other_agency_code: "DISKOMINFO".into(),
            other_agency_name: "Dinas Komunikasi dan Informatika".into(),
        }],
    )
    .unwrap();
    assert!(accounts_to_send(conn).unwrap().is_none());
    assert_eq!(conflicts(conn).unwrap()[0].other_agency_code, "DISKOMINFO");
    delete(conn, a.id).unwrap();
    assert!(accounts_to_send(conn).unwrap().unwrap().accounts.is_empty());
}

fn report_input(handle: &str) -> ReportInput {
    ReportInput {
        platform: Platform::Instagram,
        handle_or_url: handle.into(),
        imitates: "@dinkescianjur".into(),
        description: "Meminta transfer biaya vaksinasi lewat DM.".into(),
        first_seen_on: "2026-11-20".into(),
        status: ReportStatus::MasihAktif,
    }
}

#[test]
fn reports_are_validated_and_go_again_when_changed() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    for (i, code) in [
        (report_input("dinkes cianjur"), "invalid.handle_or_url"),
        (
            report_input("https://www.instagram.com/p/abc/"),
            "invalid.handle_or_url",
        ),
        (
            ReportInput {
                description: " ".into(),
                ..report_input("dinkes.cianjur")
            },
            "invalid.description",
        ),
        (
            ReportInput {
                first_seen_on: "2026-13-01".into(),
                ..report_input("dinkes.cianjur")
            },
            "invalid.first_seen_on",
        ),
        (
            ReportInput {
                first_seen_on: "2026-11-30".into(),
                ..report_input("dinkes.cianjur")
            },
            "invalid.first_seen_on",
        ),
        (
            ReportInput {
                imitates: "dinkes cianjur".into(),
                ..report_input("dinkes.cianjur")
            },
            "invalid.imitates",
        ),
    ] {
        assert_eq!(
            save_report(conn, &clock, None, &i).unwrap_err().code(),
            code,
            "{i:?}"
        );
    }
    assert!(list_reports(conn).unwrap().is_empty());

    let r = save_report(
        conn,
        &clock,
        None,
        &report_input("https://instagram.com/Dinkes.Cianjur?hl=id"),
    )
    .unwrap();
    assert_eq!(r.handle, "dinkes.cianjur");
    assert_eq!(r.imitates.as_deref(), Some("dinkescianjur"));
    assert_eq!(r.id.len(), 36);
    assert_eq!(&r.id[14..15], "4");
    // A homoglyph handle is kept as it was pasted, with its pasted address.
    let h = save_report(
        conn,
        &clock,
        None,
        &report_input("https://www.instagram.com/dinkesciаnjur/"),
    )
    .unwrap();
    assert_eq!(h.handle, "dinkesciаnjur");
    assert_eq!(h.url, "https://www.instagram.com/dinkesci%D0%B0njur/");
    let dup = save_report(conn, &clock, None, &report_input("@dinkes.cianjur")).unwrap_err();
    assert_eq!(dup.code(), "invalid.handle_or_url");

    let batch = reports_to_send(conn, 100).unwrap();
    assert_eq!(batch.reports.len(), 2);
    assert_eq!(batch.reports[0].updated_at, "2026-11-26T02:00:00Z");
    assert_eq!(reports_to_send(conn, 1).unwrap().reports.len(), 1);
    // Changed while in flight: the first stays pending.
    let changed =
        set_report_status(conn, &clock, &r.id, ReportStatus::Dilaporkan, "2026-11-21").unwrap();
    assert_eq!(changed.status_on, "2026-11-21");
    assert_eq!(changed.events.len(), 2);
    mark_reports_sent(conn, &batch.versions).unwrap();
    let left = reports_to_send(conn, 100).unwrap();
    assert_eq!(left.reports.len(), 1);
    assert_eq!(
        left.reports[0].status,
        medsos_protocol::ReportStatus::Dilaporkan
    );
    mark_reports_sent(conn, &left.versions).unwrap();
    assert!(reports_to_send(conn, 100).unwrap().reports.is_empty());
    assert!(list_reports(conn).unwrap().iter().all(|r| r.sent));
    let e =
        set_report_status(conn, &clock, &r.id, ReportStatus::Ditutup, "2026-11-19").unwrap_err();
    assert_eq!(e.code(), "invalid.on_day");
}

fn registry() -> Registry {
    Registry {
        agencies: vec![
            RegistryAgency {
                code: "DINKES".into(),
                name: "Dinas Kesehatan".into(),
                accounts: vec![WireAccount {
                    platform: medsos_protocol::Platform::Instagram,
                    handle: "dinkescianjur".into(),
                    url: "https://www.instagram.com/dinkescianjur/".into(),
                    verified: true,
                }],
            },
            RegistryAgency {
                code: "DISDIK".into(),
                name: "Dinas Pendidikan".into(),
                accounts: vec![],
            },
        ],
    }
}

#[test]
fn cek_akun_answers_from_the_cached_registry() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    let never = check(conn, &clock, "dinkescianjur", None).unwrap();
    assert_eq!(never.kind, CheckKind::NotFound);
    assert!(never.registry_words.contains("belum pernah diunduh"));

    crate::profile::save(
        conn,
        &clock,
        &crate::profile::ProfileInput {
            name: "Dinas Pendidikan".into(),
            code: "DISDIK".into(),
            address: String::new(),
            admin_name: "Rina".into(),
        },
    )
    .unwrap();
    create(conn, &clock, &input(Platform::Instagram, "disdikcianjur")).unwrap();
    store_registry(conn, &clock, &registry()).unwrap();
    clock.advance(time::Duration::minutes(125));

    let official = check(
        conn,
        &clock,
        "https://www.instagram.com/DinkesCianjur/?hl=id",
        None,
    )
    .unwrap();
    assert_eq!(official.kind, CheckKind::Official);
    assert_eq!(
        (official.agency_code.as_str(), official.verified),
        ("DINKES", true)
    );
    assert_eq!(official.registry_words, "registri diperbarui 2 jam lalu");

    let own = check(conn, &clock, "@disdikcianjur", Some(Platform::Instagram)).unwrap();
    assert_eq!(own.kind, CheckKind::Own);

    for (text, why) in [
        ("dinkes.cianjur", "looks_the_same"),
        ("dlnkescianjur", "looks_the_same"),
        ("dinkescianjur_", "looks_the_same"),
        ("dinkescianjurr", "edits"),
        ("dinkesciаnjur", "homoglyph"),
    ] {
        let r = check(conn, &clock, text, None).unwrap();
        assert_eq!(r.kind, CheckKind::Lookalike, "{text}");
        assert_eq!(r.lookalikes[0].handle, "dinkescianjur");
        assert_eq!(r.lookalikes[0].agency_code, "DINKES");
        assert_eq!(r.lookalikes[0].why, why, "{text}");
    }
    // A look-alike of our own account is flagged too.
    let ours = check(conn, &clock, "disdik.cianjur", None).unwrap();
    assert_eq!(ours.kind, CheckKind::Lookalike);
    assert_eq!(ours.lookalikes[0].agency_code, "DISDIK");
    // The same handle on Facebook is not the official Instagram account.
    let fb = check(conn, &clock, "dinkescianjur", Some(Platform::Facebook)).unwrap();
    assert_eq!(fb.kind, CheckKind::NotFound);
    assert_eq!(
        check(conn, &clock, "bpbdcianjur", None).unwrap().kind,
        CheckKind::NotFound
    );
    let bad = check(conn, &clock, "dinkes cianjur", None).unwrap();
    assert_eq!(bad.kind, CheckKind::Problem);
    assert!(bad.message.unwrap().contains("spasi"));
}

#[test]
fn a_report_with_look_alike_letters_never_names_the_official_account() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    create(conn, &clock, &input(Platform::Instagram, "dinkescianjur")).unwrap();
    let mut reg = registry();
    reg.agencies[1].accounts.push(WireAccount {
        platform: medsos_protocol::Platform::Instagram,
        handle: "disdik.cianjur".into(),
        url: "https://www.instagram.com/disdik.cianjur/".into(),
        verified: false,
    });
    store_registry(conn, &clock, &reg).unwrap();
    let official_url = "https://www.instagram.com/dinkescianjur/";

    // Typed with a Cyrillic "і": nothing tells which account it is, so the address is asked.
    let typed = save_report(conn, &clock, None, &report_input("dіnkescianjur")).unwrap_err();
    assert_eq!(typed.code(), "invalid.handle_or_url");
    assert!(
        typed
            .to_string()
            .contains("Tempel alamat profil akun palsu itu"),
        "{typed}"
    );
    // The official accounts themselves are refused: the agency's own and the registry's.
    let own = save_report(conn, &clock, None, &report_input(official_url)).unwrap_err();
    assert_eq!(own.code(), "invalid.handle_or_url");
    assert!(
        own.to_string().contains("akun resmi PD ini sendiri"),
        "{own}"
    );
    let theirs = save_report(conn, &clock, None, &report_input("@Disdik.Cianjur")).unwrap_err();
    assert!(theirs.to_string().contains("Dinas Pendidikan"), "{theirs}");
    assert!(list_reports(conn).unwrap().is_empty());

    // Pasted as a browser copies it (percent-encoded) and as it reads.
    for (pasted, stored) in [
        (
            "https://www.instagram.com/d%D1%96nkescianjur/?igsh=x1",
            "dіnkescianjur",
        ),
        ("instagram.com/DINKESCIАNJUR", "dinkesciаnjur"),
    ] {
        let r = save_report(conn, &clock, None, &report_input(pasted)).unwrap();
        assert_eq!(r.handle, stored, "{pasted}");
        assert_ne!(r.handle, "dinkescianjur");
        assert_ne!(r.url, official_url);
        assert!(
            r.url.starts_with("https://www.instagram.com/d"),
            "{}",
            r.url
        );
        assert!(r.url.is_ascii() && r.url.contains('%'), "{}", r.url);
    }
    let batch = reports_to_send(conn, 100).unwrap();
    assert_eq!(batch.reports.len(), 2);
    let mut wire_handles = Vec::new();
    for r in &batch.reports {
        assert_ne!(r.handle, "dinkescianjur");
        assert_ne!(r.url, official_url);
        assert!(!r.url.contains("/dinkescianjur"), "{}", r.url);
        // What the hub accepts: a-z 0-9, at most 100.
        assert!(
            r.handle.len() <= 100
                && r.handle
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "{}",
            r.handle
        );
        wire_handles.push(r.handle.clone());
    }
    wire_handles.sort();
    assert_eq!(wire_handles, ["dinkesciu0430njur", "du0456nkescianjur"]);

    // A look-alike whose skeleton is no official handle is sent as it reads.
    let other = save_report(
        conn,
        &clock,
        None,
        &report_input("https://www.instagram.com/dіnkescianjur.info2/"),
    )
    .unwrap();
    let sent = reports_to_send(conn, 100).unwrap();
    let wire = sent.reports.iter().find(|r| r.id == other.id).unwrap();
    assert_eq!(wire.handle, "dinkescianjurinfo2");
}

#[test]
fn two_changes_within_a_second_go_out_with_newer_stamps() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00:00.250 UTC));
    let r = save_report(conn, &clock, None, &report_input("dinkes.cianjur")).unwrap();
    let first = reports_to_send(conn, 100).unwrap().reports[0]
        .updated_at
        .clone();
    assert_eq!(first, "2026-11-26T02:00:00Z");
    clock.set(datetime!(2026-11-26 02:00:00.600 UTC));
    set_report_status(conn, &clock, &r.id, ReportStatus::Dilaporkan, "2026-11-26").unwrap();
    let second = reports_to_send(conn, 100).unwrap().reports[0]
        .updated_at
        .clone();
    clock.set(datetime!(2026-11-26 02:00:00.900 UTC));
    save_report(
        conn,
        &clock,
        Some(&r.id),
        &ReportInput {
            description: "Meminta transfer dan data KTP lewat DM.".into(),
            status: ReportStatus::Ditutup,
            ..report_input("dinkes.cianjur")
        },
    )
    .unwrap();
    let third = reports_to_send(conn, 100).unwrap().reports[0]
        .updated_at
        .clone();
    assert!(first < second && second < third, "{first} {second} {third}");
    assert_eq!(third, "2026-11-26T02:00:02Z");
    // Later changes follow the clock again once it has caught up.
    clock.set(datetime!(2026-11-26 02:05:00 UTC));
    set_report_status(conn, &clock, &r.id, ReportStatus::Dilaporkan, "2026-11-26").unwrap();
    assert_eq!(
        reports_to_send(conn, 100).unwrap().reports[0].updated_at,
        "2026-11-26T02:05:00Z"
    );
}

fn client(url: &str) -> HubClient {
    HubClient::new(url, None)
        .unwrap()
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

#[test]
fn accounts_and_reports_go_to_the_hub_and_an_older_hub_leaves_them_waiting() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    create(conn, &clock, &input(Platform::Instagram, "dinkescianjur")).unwrap();
    save_report(conn, &clock, None, &report_input("dinkes.cianjur")).unwrap();

    // An older hub: 404 on both; logged, nothing marked sent.
    let (url, hub) = canned_hub(vec![
        (404, r#"{"code":"not_found","message":"tidak ada"}"#.into()),
        (405, String::new()),
    ]);
    let out = run::send_accounts_and_reports(conn, &clock, &client(&url), "t", 3);
    assert_eq!(
        request_lines(&hub.join().unwrap()),
        [
            "POST /api/v1/accounts HTTP/1.1",
            "POST /api/v1/impersonation-reports HTTP/1.1"
        ]
    );
    assert_eq!(out.errors.len(), 2);
    assert!(out.errors[0].contains("versi hub lama"), "{:?}", out.errors);
    assert!(accounts_to_send(conn).unwrap().is_some());
    assert_eq!(reports_to_send(conn, 100).unwrap().reports.len(), 1);
    assert_eq!(run::history(conn, 5).unwrap()[0].kind, "gagal");

    // A current hub: both go, the conflict is kept for the screen.
    let (url, hub) = canned_hub(vec![
        (
            200,
            r#"{"accepted":1,"conflicts":[{"platform":"instagram","handle":"dinkescianjur","other_agency_code":"DINKES","other_agency_name":"Dinas Kesehatan"}]}"#.into(),
        ),
        (200, r#"{"recorded":1,"updated":0,"unchanged":0}"#.into()),
    ]);
    let out = run::send_accounts_and_reports(conn, &clock, &client(&url), "t", 3);
    hub.join().unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(out.accounts_sent);
    assert_eq!((out.conflicts, out.reports_sent), (1, 1));
    assert!(accounts_to_send(conn).unwrap().is_none());
    assert!(reports_to_send(conn, 100).unwrap().reports.is_empty());
    assert_eq!(
        conflicts(conn).unwrap()[0].other_agency_name,
        "Dinas Kesehatan"
    );
    let log = &run::history(conn, 5).unwrap()[1];
    assert!(
        log.detail.contains("juga didaftarkan oleh Dinas Kesehatan"),
        "{}",
        log.detail
    );

    // Nothing changed: nothing is sent (no request reaches the hub), then the registry.
    let (url, hub) = canned_hub(vec![(200, serde_json::to_string(&registry()).unwrap())]);
    let out = run::send_accounts_and_reports(conn, &clock, &client(&url), "t", 3);
    assert!(out.errors.is_empty() && !out.accounts_sent);
    assert_eq!(run::refresh_registry(conn, &clock, &client(&url), 3), Ok(1));
    assert_eq!(
        request_lines(&hub.join().unwrap()),
        ["GET /api/v1/registry HTTP/1.1"]
    );
    assert!(cached_registry(conn).unwrap().is_some());
}

#[test]
fn a_report_the_hub_refuses_does_not_hold_back_the_others() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    for handle in ["dinkes.cianjur", "dlnkescianjur", "dinkescianjur_"] {
        save_report(conn, &clock, None, &report_input(handle)).unwrap();
    }
    let refused = (
        422,
        r#"{"code":"report.invalid_url","message":"Kiriman ditolak."}"#.to_string(),
    );
    let ok = (
        200,
        r#"{"recorded":1,"updated":0,"unchanged":0}"#.to_string(),
    );
    let (url, hub) = canned_hub(vec![refused.clone(), ok.clone(), refused, ok]);
    let out = run::send_accounts_and_reports(conn, &clock, &client(&url), "t", 3);
    assert_eq!(hub.join().unwrap().len(), 4);
    assert_eq!(out.reports_sent, 2);
    assert_eq!(out.errors.len(), 1);
    assert!(
        out.errors[0].contains("tetap tersimpan"),
        "{:?}",
        out.errors
    );
    // The refused one waits, unsent, for the admin to look at it.
    assert_eq!(reports_to_send(conn, 100).unwrap().reports.len(), 1);
}

/// The description is the only free text that leaves the PC: a citizen's NIK, phone number
/// or e-mail pasted into it reaches the hub masked, while the PC keeps what was typed.
#[test]
fn a_report_description_reaches_the_hub_with_personal_data_masked() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    let typed = "Akun ini meminta NIK 3203121506850001, nomor 081234567890 dan surel \
                 warga.korban@contoh.id lewat DM.";
    let mut input = report_input("@dinkes.cianjur");
    input.description = typed.into();
    let saved = save_report(conn, &clock, None, &input).unwrap();
    assert_eq!(saved.description, typed);
    let sent = &reports_to_send(conn, 100).unwrap().reports[0];
    for secret in ["3203121506850001", "081234567890", "warga.korban@contoh.id"] {
        assert!(!sent.description.contains(secret), "{}", sent.description);
    }
    assert!(
        sent.description.starts_with("Akun ini meminta NIK 320312"),
        "{}",
        sent.description
    );
    assert!(
        sent.description.ends_with("lewat DM."),
        "{}",
        sent.description
    );
}
