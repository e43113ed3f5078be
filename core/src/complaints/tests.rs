//! Tests of the Aduan core: deadlines over weekends and holidays, the workflow and its log,
//! replies, search, masking, the audit trail and retention.

use super::*;
use crate::error::Error;
use crate::{FixedClock, Store};
use time::macros::datetime;
use time::Duration;

/// Wednesday 23 December 2026, 12:00 WIB: the day before cuti bersama and Natal.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-12-23 05:00 UTC))
}

use crate::test_support::store;

fn category(store: &Store, name: &str) -> i64 {
    categories::find_by_name(store.conn(), name)
        .unwrap()
        .unwrap()
        .id
}

fn input(store: &Store, body: &str, received: &str) -> ComplaintInput {
    ComplaintInput {
        channel: Channel::InstagramKomentar,
        source_url: "https://www.instagram.com/p/abc123/".into(),
        citizen_name: "Siti Aminah".into(),
        citizen_contact: "081234567890".into(),
        body: body.into(),
        received_at_wib: received.into(),
        kind: ComplaintKind::Pengaduan,
        category_id: category(store, "Jalan dan jembatan"),
        kecamatan: "32.03.11".into(),
    }
}

fn due_wib(c: &Complaint, kind: DeadlineKind) -> String {
    c.deadlines
        .iter()
        .find(|d| d.kind == kind)
        .unwrap()
        .due_at_wib
        .clone()
}

fn code(err: Error) -> String {
    err.code()
}

#[test]
fn deadlines_skip_the_weekend_cuti_bersama_and_natal() {
    let (_d, store) = store();
    let clock = clock();
    let c = create(
        store.conn(),
        &clock,
        &input(&store, "Jalan berlubang di Cugenang", "2026-12-23T10:00"),
        "Rina",
    )
    .unwrap();
    // 24 Dec cuti bersama, 25 Dec Natal, 26-27 weekend: the first working day is Monday 28.
    assert_eq!(
        due_wib(&c, DeadlineKind::JawabanPertama),
        "2026-12-28T23:59"
    );
    assert_eq!(due_wib(&c, DeadlineKind::Verifikasi), "2026-12-30T23:59");
    // 1 January 2027 is not in the holidays table yet, so it counts as a working day.
    assert_eq!(due_wib(&c, DeadlineKind::TindakLanjut), "2027-01-01T23:59");
    // Resolution is 60 calendar days.
    assert_eq!(due_wib(&c, DeadlineKind::Penyelesaian), "2027-02-21T23:59");
    assert_eq!(c.next_due_at_wib.as_deref(), Some("2026-12-28T23:59"));
    assert_eq!(c.time_left_text, "1 hari kerja lagi");
    assert!(!c.overdue);
    assert_eq!(c.number, format!("ADU-{:06}", c.id));
    assert_eq!(c.kecamatan_name, "Cugenang");
    assert_eq!(c.received_at, "2026-12-23T03:00:00.000Z");

    // The holidays of 2027 arrive: 1 January moves the follow-up deadline to Monday 4.
    let mut conn = rusqlite::Connection::open(store.path()).unwrap();
    crate::calendar::import_holidays_csv(
        &mut conn,
        b"tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n",
    )
    .unwrap();
    assert_eq!(recompute_open_deadlines(store.conn(), &clock).unwrap(), 1);
    let c = get(store.conn(), &clock, c.id, "Rina").unwrap();
    assert_eq!(due_wib(&c, DeadlineKind::TindakLanjut), "2027-01-04T23:59");
}

#[test]
fn a_category_rule_beats_the_kind_rule_and_changes_recompute_open_complaints() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let bencana = category(&store, "Bencana");
    let mut longsor = input(&store, "Longsor menutup jalan", "2026-12-21T08:00");
    longsor.category_id = bencana;
    let c = create(conn, &clock, &longsor, "Rina").unwrap();
    assert_eq!(
        due_wib(&c, DeadlineKind::JawabanPertama),
        "2026-12-22T23:59"
    );

    let err = set_kind_rule(
        conn,
        &clock,
        ComplaintKind::Pengaduan,
        &DeadlineRule {
            first_response_days: 4,
            verification_days: 2,
            follow_up_days: 5,
            resolution_days: 60,
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.verification_days");

    set_kind_rule(
        conn,
        &clock,
        ComplaintKind::Pengaduan,
        &DeadlineRule {
            first_response_days: 2,
            verification_days: 4,
            follow_up_days: 6,
            resolution_days: 30,
        },
    )
    .unwrap();
    let c = get(conn, &clock, c.id, "Rina").unwrap();
    // Monday 21 + 2 working days = Wednesday 23.
    assert_eq!(
        due_wib(&c, DeadlineKind::JawabanPertama),
        "2026-12-23T23:59"
    );
    assert_eq!(due_wib(&c, DeadlineKind::Penyelesaian), "2027-01-20T23:59");

    let quick = DeadlineRule {
        first_response_days: 1,
        verification_days: 1,
        follow_up_days: 2,
        resolution_days: 14,
    };
    set_category_rule(conn, &clock, bencana, Some(&quick)).unwrap();
    assert_eq!(category_rule(conn, bencana).unwrap(), Some(quick));
    let c = get(conn, &clock, c.id, "Rina").unwrap();
    assert_eq!(due_wib(&c, DeadlineKind::Verifikasi), "2026-12-22T23:59");
    assert_eq!(due_wib(&c, DeadlineKind::Penyelesaian), "2027-01-04T23:59");
    // Past its first-answer deadline (22 Dec) on the 23rd.
    assert!(c.overdue);
    assert!(
        c.time_left_text.starts_with("terlambat"),
        "{}",
        c.time_left_text
    );
}

#[test]
fn the_workflow_allows_only_its_steps_and_records_every_one() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let c = create(
        conn,
        &clock,
        &input(&store, "Jalan rusak", "2026-12-23T09:00"),
        "Rina",
    )
    .unwrap();
    assert_eq!(c.status, ComplaintStatus::Baru);

    // Skipping verification is refused, with the steps that exist named.
    let err = transition(conn, &clock, c.id, ComplaintStatus::Selesai, "", "", "Rina").unwrap_err();
    assert_eq!(err.code(), "invalid.status");
    assert!(err.to_string().contains("Diverifikasi"), "{err}");
    // Nobody signed: refused.
    let err = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diverifikasi,
        "",
        "",
        " ",
    )
    .unwrap_err();
    assert_eq!(code(err), "invalid.actor");

    clock.advance(Duration::hours(1));
    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diverifikasi,
        "",
        "",
        "Rina",
    )
    .unwrap();
    assert_eq!(c.status, ComplaintStatus::Diverifikasi);
    assert!(c.deadlines[1].met_at.is_some());

    // Ditunda needs a reason; lanjutkan returns to where it paused.
    let err = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Ditunda,
        "  ",
        "",
        "Rina",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.reason");
    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Ditunda,
        "Menunggu survei lokasi",
        "",
        "Rina",
    )
    .unwrap();
    assert_eq!(c.paused_from, Some(ComplaintStatus::Diverifikasi));
    assert_eq!(c.next_due_at, None, "ditunda has nothing due");
    let c = resume(conn, &clock, c.id, "Budi").unwrap();
    assert_eq!(c.status, ComplaintStatus::Diverifikasi);
    assert!(c.next_due_at.is_some());

    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Ditindaklanjuti,
        "",
        "",
        "Rina",
    )
    .unwrap();
    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Selesai,
        "Jalan sudah ditambal",
        "",
        "Rina",
    )
    .unwrap();
    assert!(c.resolved_at.is_some() && c.closed_at.is_some());
    assert_eq!(c.next_due_at, None);
    // Closed stays closed.
    let err = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diverifikasi,
        "",
        "",
        "Rina",
    )
    .unwrap_err();
    assert!(err.to_string().contains("sudah ditutup"), "{err}");

    let log = events(conn, c.id).unwrap();
    let steps: Vec<(Option<ComplaintStatus>, ComplaintStatus)> =
        log.iter().map(|e| (e.from, e.to)).collect();
    use ComplaintStatus::*;
    assert_eq!(
        steps,
        vec![
            (None, Baru),
            (Some(Baru), Diverifikasi),
            (Some(Diverifikasi), Ditunda),
            (Some(Ditunda), Diverifikasi),
            (Some(Diverifikasi), Ditindaklanjuti),
            (Some(Ditindaklanjuti), Selesai),
        ]
    );
    assert_eq!(log[2].reason, "Menunggu survei lokasi");
    assert_eq!(log[3].actor, "Budi");

    // Forwarding names the PD; archiving and bukan wewenang need a reason.
    let other = create(
        conn,
        &clock,
        &input(&store, "Pohon tumbang", "2026-12-23T09:00"),
        "Rina",
    )
    .unwrap();
    let err = transition(
        conn,
        &clock,
        other.id,
        ComplaintStatus::Diteruskan,
        "",
        "",
        "Rina",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.forwarded_to");
    let err = transition(
        conn,
        &clock,
        other.id,
        ComplaintStatus::BukanWewenang,
        "",
        "",
        "Rina",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.reason");
    let f = transition(
        conn,
        &clock,
        other.id,
        ComplaintStatus::Diteruskan,
        "",
        " Dinas PUPR ",
        "Rina",
    )
    .unwrap();
    assert_eq!(f.forwarded_to, "Dinas PUPR");
    assert_eq!(events(conn, f.id).unwrap()[1].forwarded_to, "Dinas PUPR");
    let err = transition(
        conn,
        &clock,
        9_999,
        ComplaintStatus::Diverifikasi,
        "",
        "",
        "Rina",
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn the_first_reply_meets_the_first_answer_deadline_and_feeds_the_statistics() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let c = create(
        conn,
        &clock,
        &input(&store, "Jalan rusak", "2026-12-23T10:00"),
        "Rina",
    )
    .unwrap();
    let err = add_reply(conn, &clock, c.id, ReplyKind::Publik, "  ", "Rina").unwrap_err();
    assert_eq!(err.code(), "invalid.reply_body");

    clock.advance(Duration::minutes(90)); // 13:30 WIB, 3 h 30 min after receipt.
    add_reply(
        conn,
        &clock,
        c.id,
        ReplyKind::Publik,
        "Terima kasih, segera kami cek.",
        "Rina",
    )
    .unwrap();
    clock.advance(Duration::hours(1));
    add_reply(
        conn,
        &clock,
        c.id,
        ReplyKind::Pribadi,
        "Mohon kirim lokasi.",
        "Rina",
    )
    .unwrap();
    let c = get(conn, &clock, c.id, "Rina").unwrap();
    assert_eq!(
        c.first_response_at.as_deref(),
        Some("2026-12-23T06:30:00.000Z")
    );
    assert!(c.deadlines[0].met_at.is_some());
    assert_eq!(
        c.next_due_at_wib.as_deref(),
        Some("2026-12-30T23:59"),
        "verification is next"
    );
    assert_eq!(replies(conn, c.id).unwrap().len(), 2);

    transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diverifikasi,
        "",
        "",
        "Rina",
    )
    .unwrap();
    transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Ditindaklanjuti,
        "",
        "",
        "Rina",
    )
    .unwrap();
    clock.advance(Duration::days(2));
    transition(conn, &clock, c.id, ComplaintStatus::Selesai, "", "", "Rina").unwrap();

    let quick = create(
        conn,
        &clock,
        &input(&store, "Lampu mati", "2026-12-25T08:00"),
        "Rina",
    )
    .unwrap();
    clock.set(datetime!(2026-12-25 01:30 UTC)); // 30 minutes later
    add_reply(
        conn,
        &clock,
        quick.id,
        ReplyKind::Luring,
        "Ditelepon.",
        "Rina",
    )
    .unwrap();
    create(
        conn,
        &clock,
        &input(&store, "Belum dijawab", "2026-12-25T08:00"),
        "Rina",
    )
    .unwrap();

    let stats = response_stats(conn, "2026-12-20", "2026-12-31").unwrap();
    assert_eq!((stats.received, stats.answered, stats.resolved), (3, 2, 1));
    assert_eq!(stats.median_first_response_minutes, Some((210 + 30) / 2));
    assert_eq!(stats.median_first_response_text, "2 jam");
    assert_eq!(stats.median_resolution_text, "2 hari 4 jam");
    assert_eq!(
        response_stats(conn, "2027-01-01", "2027-01-31")
            .unwrap()
            .received,
        0
    );
}

#[test]
fn reply_templates_fill_name_number_category_and_agency() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    crate::profile::save(
        conn,
        &clock,
        &crate::profile::ProfileInput {
            name: "Dinas PUPR Kabupaten Cianjur".into(),
            code: "PUPR".into(),
            address: String::new(),
            admin_name: "Rina".into(),
        },
    )
    .unwrap();
    let templates = reply_templates(conn).unwrap();
    assert_eq!(templates.len(), 3);
    assert!(templates.iter().all(|t| t.builtin));
    let c = create(
        conn,
        &clock,
        &input(&store, "Jalan rusak", "2026-12-23T10:00"),
        "Rina",
    )
    .unwrap();
    let text = fill_reply(conn, templates[0].id, c.id).unwrap();
    assert!(text.contains("Siti Aminah"), "{text}");
    assert!(text.contains(&c.number), "{text}");
    assert!(text.contains("jalan dan jembatan"), "{text}");
    assert!(text.contains("Dinas PUPR Kabupaten Cianjur"), "{text}");
    assert!(delete_reply_template(conn, templates[0].id).is_err());
    let own = create_reply_template(
        conn,
        "Minta lokasi",
        "Yth. {nama}, mohon kirim titik lokasi.",
    )
    .unwrap();
    assert_eq!(own.placeholders, vec!["nama"]);
    delete_reply_template(conn, own.id).unwrap();
}

#[test]
fn capture_refuses_bad_input_with_the_field_named() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let good = input(&store, "Jalan rusak", "2026-12-23T10:00");
    let cases: Vec<(ComplaintInput, &str)> = vec![
        (
            ComplaintInput {
                body: "   ".into(),
                ..good.clone()
            },
            "invalid.body",
        ),
        (
            ComplaintInput {
                body: "a".repeat(MAX_BODY_CHARS + 1),
                ..good.clone()
            },
            "invalid.body",
        ),
        (
            ComplaintInput {
                source_url: "javascript:alert(1)".into(),
                ..good.clone()
            },
            "invalid.source_url",
        ),
        (
            ComplaintInput {
                kecamatan: "32.03.99".into(),
                ..good.clone()
            },
            "invalid.kecamatan",
        ),
        (
            ComplaintInput {
                category_id: 999,
                ..good.clone()
            },
            "invalid.category_id",
        ),
        (
            ComplaintInput {
                received_at_wib: "2026-12-31T10:00".into(),
                ..good.clone()
            },
            "invalid.received_at_wib",
        ),
        (
            ComplaintInput {
                received_at_wib: "23/12/2026".into(),
                ..good.clone()
            },
            "invalid.received_at_wib",
        ),
    ];
    for (bad, expected) in cases {
        assert_eq!(validate(conn, &clock, &bad).unwrap_err().code(), expected);
        assert_eq!(
            create(conn, &clock, &bad, "Rina").unwrap_err().code(),
            expected
        );
    }
    let long_body_message = create(
        conn,
        &clock,
        &ComplaintInput {
            body: "a".repeat(MAX_BODY_CHARS + 1),
            ..good.clone()
        },
        "Rina",
    )
    .unwrap_err()
    .to_string();
    assert!(
        long_body_message.contains("terlalu panjang"),
        "{long_body_message}"
    );
    let count: i64 = conn
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
    // Anonymous, unknown kecamatan, no link: fine.
    let anon = ComplaintInput {
        citizen_name: String::new(),
        citizen_contact: String::new(),
        source_url: String::new(),
        kecamatan: String::new(),
        ..good.clone()
    };
    validate(conn, &clock, &anon).unwrap();
    let luar = ComplaintInput {
        kecamatan: LUAR_CIANJUR.into(),
        ..good
    };
    assert_eq!(
        create(conn, &clock, &luar, "Rina").unwrap().kecamatan_name,
        "Luar Cianjur"
    );
}

#[test]
fn insert_many_writes_inside_the_callers_transaction_and_rolls_back_with_it() {
    let (_d, mut store) = store();
    let clock = clock();
    let inputs: Vec<ComplaintInput> = (0..200)
        .map(|i| input(&store, &format!("Aduan nomor {i}"), "2026-12-23T10:00"))
        .collect();
    {
        let tx = store.conn_mut().transaction().unwrap();
        assert_eq!(insert_many(&tx, &clock, &inputs, "Impor").unwrap(), 200);
        // Dropped without commit.
    }
    let count = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&store), 0);
    let tx = store.conn_mut().transaction().unwrap();
    insert_many(&tx, &clock, &inputs, "Impor").unwrap();
    tx.commit().unwrap();
    assert_eq!(count(&store), 200);
    let page = list(
        store.conn(),
        &clock,
        &ComplaintFilter {
            query: Some("nomor 17".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert!(page.items.iter().any(|s| s.excerpt == "Aduan nomor 17"));
    assert_eq!(events(store.conn(), 1).unwrap()[0].actor, "Impor");
}

#[test]
fn the_inbox_puts_overdue_first_then_due_soonest_then_closed_newest_first() {
    let (_d, store) = store();
    let clock = FixedClock::new(datetime!(2026-12-01 02:00 UTC)); // Tuesday 09:00 WIB
    let conn = store.conn();
    let old = create(
        conn,
        &clock,
        &input(&store, "Lama", "2026-11-20T09:00"),
        "Rina",
    )
    .unwrap();
    let fresh = create(
        conn,
        &clock,
        &input(&store, "Baru saja", "2026-12-01T08:00"),
        "Rina",
    )
    .unwrap();
    let mid = create(
        conn,
        &clock,
        &input(&store, "Kemarin", "2026-11-30T08:00"),
        "Rina",
    )
    .unwrap();
    let closed_a = create(
        conn,
        &clock,
        &input(&store, "Tutup A", "2026-11-10T08:00"),
        "Rina",
    )
    .unwrap();
    let closed_b = create(
        conn,
        &clock,
        &input(&store, "Tutup B", "2026-11-12T08:00"),
        "Rina",
    )
    .unwrap();
    for id in [closed_a.id, closed_b.id] {
        transition(
            conn,
            &clock,
            id,
            ComplaintStatus::Diarsipkan,
            "Duplikat",
            "",
            "Rina",
        )
        .unwrap();
    }
    let page = list(conn, &clock, &ComplaintFilter::default(), 50, 0).unwrap();
    let order: Vec<i64> = page.items.iter().map(|s| s.id).collect();
    assert_eq!(
        order,
        vec![old.id, mid.id, fresh.id, closed_b.id, closed_a.id]
    );
    assert_eq!(page.total, 5);
    assert!(page.items[0].overdue);
    assert!(
        page.items[0].time_left_text.starts_with("terlambat"),
        "{}",
        page.items[0].time_left_text
    );
    assert_eq!(page.items[1].time_left_text, "15 jam lagi");
    assert_eq!(page.items[2].time_left_text, "1 hari kerja lagi");
    assert_eq!(page.items[3].time_left_text, "");

    let overdue = list(
        conn,
        &clock,
        &ComplaintFilter {
            overdue: Some(true),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert_eq!(
        overdue.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![old.id]
    );
    let not_overdue = list(
        conn,
        &clock,
        &ComplaintFilter {
            overdue: Some(false),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert_eq!(not_overdue.total, 4);

    let reminders = overdue_reminders(conn, &clock).unwrap();
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].kind, "terlambat");
    assert_eq!(reminders[0].deadline, DeadlineKind::JawabanPertama);
    assert!(reminders[0].message.contains(&old.number));
    assert!(
        !reminders[0].message.contains("Siti"),
        "no personal data in notifications"
    );

    // Filters: status, date range, kecamatan, channel, kind, paging.
    let f = |filter: ComplaintFilter| list(conn, &clock, &filter, 50, 0).unwrap().total;
    assert_eq!(
        f(ComplaintFilter {
            status: Some(ComplaintStatus::Diarsipkan),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        f(ComplaintFilter {
            from: Some("2026-11-30".into()),
            to: Some("2026-11-30".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        f(ComplaintFilter {
            kecamatan: Some("32.03.11".into()),
            ..Default::default()
        }),
        5
    );
    assert_eq!(
        f(ComplaintFilter {
            channel: Some(Channel::Whatsapp),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        f(ComplaintFilter {
            kind: Some(ComplaintKind::Pengaduan),
            ..Default::default()
        }),
        5
    );
    let err = list(
        conn,
        &clock,
        &ComplaintFilter {
            from: Some("kemarin".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.from");
    let second = list(conn, &clock, &ComplaintFilter::default(), 2, 2).unwrap();
    assert_eq!(
        second.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![fresh.id, closed_b.id]
    );
}

#[test]
fn search_finds_words_name_and_category_and_survives_typed_operators() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let mut a = input(
        &store,
        "Jembatan gantung di Désa Sukamaju goyang",
        "2026-12-22T10:00",
    );
    a.citizen_name = "Ujang Sutisna".into();
    let a = create(conn, &clock, &a, "Rina").unwrap();
    let mut b = input(
        &store,
        "Antrean puskesmas panjang sekali",
        "2026-12-22T11:00",
    );
    b.category_id = category(&store, "Kesehatan");
    let b = create(conn, &clock, &b, "Rina").unwrap();
    let search = |q: &str| -> Vec<i64> {
        list(
            conn,
            &clock,
            &ComplaintFilter {
                query: Some(q.into()),
                ..Default::default()
            },
            50,
            0,
        )
        .unwrap()
        .items
        .iter()
        .map(|s| s.id)
        .collect()
    };
    assert_eq!(search("jembat"), vec![a.id], "prefix match");
    assert_eq!(search("desa sukamaju"), vec![a.id], "diacritics ignored");
    assert_eq!(search("ujang"), vec![a.id], "citizen name");
    assert_eq!(search("kesehatan"), vec![b.id], "category name");
    for typed in [
        "\"jembatan",
        "jembatan OR puskesmas",
        "NEAR(jembatan",
        "jembatan*",
        "-goyang",
        "a:b",
        "(((",
        "'; DROP TABLE complaints; --",
    ] {
        list(
            conn,
            &clock,
            &ComplaintFilter {
                query: Some(typed.into()),
                ..Default::default()
            },
            50,
            0,
        )
        .unwrap_or_else(|e| panic!("{typed}: {e}"));
    }
    assert!(
        search("jembatan OR puskesmas").is_empty(),
        "OR is a word here, all words required"
    );
    // Renaming a category renames what search finds.
    let kesehatan = category(&store, "Kesehatan");
    categories::rename(conn, kesehatan, "Layanan kesehatan dan rumah sakit").unwrap();
    assert_eq!(search("rumah sakit"), vec![b.id]);
    let with_status = list(
        conn,
        &clock,
        &ComplaintFilter {
            query: Some("jembatan".into()),
            status: Some(ComplaintStatus::Selesai),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert_eq!(with_status.total, 0);
}

#[test]
fn categories_in_use_cannot_be_deleted_but_can_be_renamed() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let names: Vec<String> = categories::list(conn)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!(
        names.first().map(String::as_str),
        Some("Jalan dan jembatan")
    );
    assert_eq!(names.last().map(String::as_str), Some("Lainnya"));
    let c = create(
        conn,
        &clock,
        &input(&store, "Jalan rusak", "2026-12-23T10:00"),
        "Rina",
    )
    .unwrap();
    let err = categories::delete(conn, c.category_id).unwrap_err();
    assert!(err.to_string().contains("dipakai oleh 1 aduan"), "{err}");
    categories::rename(conn, c.category_id, "Jalan, jembatan dan drainase").unwrap();
    assert_eq!(
        get(conn, &clock, c.id, "Rina").unwrap().category_name,
        "Jalan, jembatan dan drainase"
    );
    let err = categories::create(conn, "lainnya").unwrap_err();
    assert_eq!(err.code(), "invalid.category_name");
    let new = categories::create(conn, "Perizinan").unwrap();
    let listed = categories::list(conn).unwrap();
    assert_eq!(listed[listed.len() - 2].name, "Perizinan", "before Lainnya");
    categories::delete(conn, new.id).unwrap();
}

#[test]
fn lists_mask_identifiers_and_viewing_the_full_record_is_audited() {
    assert_eq!(mask_name("Siti Aminah"), "S*** A***");
    assert_eq!(mask_name("@budi.cianjur"), "@b***");
    assert_eq!(mask_name("  "), "Anonim");
    assert_eq!(mask_contact("081234567890"), "0812******90");
    assert_eq!(mask_contact("+62 812-3456-7890"), "+62 81*-****-**90");
    assert_eq!(mask_contact("siti.aminah@gmail.com"), "s***@gmail.com");
    let text = mask_text(
        "NIK saya 3203012345678901, WA 0812-3456-7890 atau 62812345678, email ujang@mail.id",
    );
    assert!(!text.contains("345678901"), "{text}");
    assert!(text.contains("320301**********"), "{text}");
    assert!(!text.contains("3456-7890"), "{text}");
    assert!(!text.contains("62812345678"), "{text}");
    assert!(text.contains("u***@mail.id"), "{text}");
    assert!(mask_text("Jalan nomor 12 rusak sejak 2024").contains("nomor 12 rusak sejak 2024"));

    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let c = create(
        conn,
        &clock,
        &input(
            &store,
            "Saya Siti, NIK 3203012345678901, HP 081234567890. Jalan rusak.",
            "2026-12-23T10:00",
        ),
        "Rina",
    )
    .unwrap();
    let page = list(conn, &clock, &ComplaintFilter::default(), 50, 0).unwrap();
    assert_eq!(page.items[0].citizen_masked, "S*** A***");
    assert!(!page.items[0].excerpt.contains("081234567890"));
    assert!(!page.items[0].excerpt.contains("3203012345678901"));
    assert!(
        audit_log(conn, 10).unwrap().is_empty(),
        "capture and list are not views"
    );

    let full = get(conn, &clock, c.id, "Budi").unwrap();
    assert_eq!(full.citizen_contact, "081234567890");
    audit(
        conn,
        &clock,
        "Rina",
        "ekspor",
        None,
        "Ekspor CSV, 1 aduan, dengan data pribadi",
    )
    .unwrap();
    let log = audit_log(conn, 10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (
            log[1].actor.as_str(),
            log[1].action.as_str(),
            log[1].complaint_id
        ),
        ("Budi", "lihat", Some(c.id))
    );
    assert_eq!(log[0].action, "ekspor");
    assert_eq!(
        get(conn, &clock, c.id, "").unwrap_err().code(),
        "invalid.actor"
    );
}

#[test]
fn retention_erases_personal_fields_of_long_closed_complaints_and_keeps_the_counts() {
    let (_d, store) = store();
    let clock = FixedClock::new(datetime!(2024-03-04 03:00 UTC));
    let conn = store.conn();
    let old = create(
        conn,
        &clock,
        &input(&store, "Jembatan putus di Cibeber", "2024-03-01T10:00"),
        "Rina",
    )
    .unwrap();
    add_reply(
        conn,
        &clock,
        old.id,
        ReplyKind::Pribadi,
        "Halo Bu Siti, kami cek.",
        "Rina",
    )
    .unwrap();
    transition(
        conn,
        &clock,
        old.id,
        ComplaintStatus::Diverifikasi,
        "",
        "",
        "Rina",
    )
    .unwrap();
    transition(
        conn,
        &clock,
        old.id,
        ComplaintStatus::Ditindaklanjuti,
        "",
        "",
        "Rina",
    )
    .unwrap();
    transition(
        conn,
        &clock,
        old.id,
        ComplaintStatus::Selesai,
        "",
        "",
        "Rina",
    )
    .unwrap();
    let open = create(
        conn,
        &clock,
        &input(&store, "Jembatan retak", "2024-03-01T11:00"),
        "Rina",
    )
    .unwrap();

    // One day short of two years: nothing happens.
    clock.set(datetime!(2026-03-03 03:00 UTC));
    assert_eq!(apply_retention(conn, &clock).unwrap(), 0);
    clock.set(datetime!(2026-03-05 03:00 UTC));
    assert_eq!(retention_years(conn).unwrap(), 2);
    assert_eq!(apply_retention(conn, &clock).unwrap(), 1);
    assert_eq!(apply_retention(conn, &clock).unwrap(), 0, "only once");

    let erased = get(conn, &clock, old.id, "Rina").unwrap();
    assert!(erased.personal_erased);
    assert_eq!(erased.body, ERASED_TEXT);
    assert_eq!(
        (
            erased.citizen_name.as_str(),
            erased.citizen_contact.as_str(),
            erased.source_url.as_str()
        ),
        ("", "", "")
    );
    assert_eq!(erased.status, ComplaintStatus::Selesai);
    assert_eq!(erased.kecamatan, "32.03.11");
    assert_eq!(erased.received_at_wib, "2024-03-01T10:00");
    assert_eq!(replies(conn, old.id).unwrap()[0].body, ERASED_TEXT);
    let kept = get(conn, &clock, open.id, "Rina").unwrap();
    assert_eq!(kept.citizen_name, "Siti Aminah");

    // Search no longer finds it; counts still do.
    let found = list(
        conn,
        &clock,
        &ComplaintFilter {
            query: Some("jembatan".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert_eq!(
        found.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![open.id]
    );
    assert_eq!(
        list(
            conn,
            &clock,
            &ComplaintFilter {
                query: Some("dihapus".into()),
                ..Default::default()
            },
            50,
            0
        )
        .unwrap()
        .total,
        0
    );
    assert_eq!(
        list(conn, &clock, &ComplaintFilter::default(), 50, 0)
            .unwrap()
            .total,
        2
    );
    let stats = response_stats(conn, "2024-03-01", "2024-03-31").unwrap();
    assert_eq!((stats.received, stats.answered, stats.resolved), (2, 1, 1));
    assert!(audit_log(conn, 10)
        .unwrap()
        .iter()
        .any(|e| e.action == "retensi" && e.actor == "sistem"));
    assert_eq!(
        set_retention_years(conn, 0).unwrap_err().code(),
        "invalid.retention_years"
    );
    let err = add_reply(conn, &clock, old.id, ReplyKind::Publik, "Halo", "Rina").unwrap_err();
    assert_eq!(err.code(), "invalid.reply_body");
}

/// Every blob of the search index's shadow tables (segments, their index, content).
fn fts_shadow_bytes(conn: &rusqlite::Connection) -> Vec<u8> {
    let mut all = Vec::new();
    for sql in [
        "SELECT block FROM complaints_fts_data",
        "SELECT CAST(c0 || c1 || c2 AS BLOB) FROM complaints_fts_content",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| r.get::<_, Option<Vec<u8>>>(0))
            .unwrap();
        for row in rows {
            all.extend(row.unwrap().unwrap_or_default());
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn retention_leaves_no_erased_words_in_the_search_index() {
    let (_d, store) = store();
    let clock = FixedClock::new(datetime!(2024-03-04 03:00 UTC));
    let conn = store.conn();
    // Words only the erased complaint has; the index stores terms prefix-compressed, so
    // the test looks for their distinctive tails.
    let mut old = input(
        &store,
        "Rumah Pak Wiratmadja di Kampung Pasirkuntul kebanjiran",
        "2024-03-01T10:00",
    );
    old.citizen_name = "Jumhana Kartadibrata".into();
    let old = create(conn, &clock, &old, "Rina").unwrap();
    for to in [
        ComplaintStatus::Diverifikasi,
        ComplaintStatus::Ditindaklanjuti,
        ComplaintStatus::Selesai,
    ] {
        transition(conn, &clock, old.id, to, "", "", "Rina").unwrap();
    }
    // Enough other complaints that the erased one's words share index pages with others.
    for i in 0..30 {
        create(
            conn,
            &clock,
            &input(
                &store,
                &format!("Jalan rusak nomor {i} di Cibeber"),
                "2024-03-02T10:00",
            ),
            "Rina",
        )
        .unwrap();
    }
    let secrets = ["iratmadja", "asirkuntul", "umhana", "artadibrata"];
    let before = fts_shadow_bytes(conn);
    for s in secrets {
        assert!(contains(&before, s), "{s} indexed before");
    }

    clock.set(datetime!(2026-03-05 03:00 UTC));
    assert_eq!(apply_retention(conn, &clock).unwrap(), 1);
    let after = fts_shadow_bytes(conn);
    for s in secrets {
        assert!(!contains(&after, s), "{s} still in the search index");
    }
    let secure: Option<i64> = conn
        .query_row(
            "SELECT v FROM complaints_fts_config WHERE k = 'secure-delete'",
            [],
            |r| r.get(0),
        )
        .ok();
    assert_eq!(
        secure.unwrap_or(0),
        0,
        "off again for ordinary inserts after the erase"
    );
    let found = list(
        conn,
        &clock,
        &ComplaintFilter {
            query: Some("cibeber".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert_eq!((found.total, found.total_capped), (30, false));
}

#[test]
fn search_counts_up_to_the_cap_and_pages_through_common_and_rare_words() {
    let (_d, mut store) = store();
    let clock = clock();
    let jalan = category(&store, "Jalan dan jembatan");
    let kesehatan = category(&store, "Kesehatan");
    // 1,300 complaints: "rusak" in every one (read in inbox order, testing membership),
    // "Sukawangi" in every 100th (read from the matches), a third diverifikasi.
    let inputs: Vec<ComplaintInput> = (0..1_300)
        .map(|i| ComplaintInput {
            category_id: if i % 2 == 0 { jalan } else { kesehatan },
            ..input(
                &store,
                &format!(
                    "Jalan rusak nomor {i}{}",
                    if i % 100 == 7 { " di Sukawangi" } else { "" }
                ),
                &format!("2026-12-{:02}T{:02}:{:02}", 1 + i % 20, 8 + i % 10, i % 60),
            )
        })
        .collect();
    let tx = store.conn_mut().transaction().unwrap();
    insert_many(&tx, &clock, &inputs, "Rina").unwrap();
    tx.execute(
        "UPDATE complaints SET status = 'diverifikasi' WHERE id % 3 = 0",
        [],
    )
    .unwrap();
    tx.commit().unwrap();
    let conn = store.conn();
    let page = |filter: &ComplaintFilter, limit: u32, offset: u32| {
        list(conn, &clock, filter, limit, offset).unwrap()
    };
    let search = |q: &str| ComplaintFilter {
        query: Some(q.into()),
        ..Default::default()
    };
    // The order a search gives is the inbox order, whichever way it was read.
    let order = |filter: &ComplaintFilter| -> Vec<i64> {
        let (mut ids, mut offset) = (Vec::new(), 0);
        loop {
            let p = page(filter, 500, offset);
            if p.items.is_empty() {
                break ids;
            }
            ids.extend(p.items.iter().map(|s| s.id));
            offset += 500;
        }
    };
    let all = order(&ComplaintFilter::default());
    assert_eq!(all.len(), 1_300);

    let common = page(&search("rusak"), 50, 0);
    assert_eq!((common.total, common.total_capped), (1_000, true));
    assert_eq!(
        common.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        all[..50]
    );
    let deep = page(&search("rusak"), 100, 1_150);
    assert!(deep.total_capped);
    assert_eq!(deep.total, 1_250, "counted as far as the page reaches");
    assert_eq!(
        deep.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        all[1_150..1_250]
    );
    assert_eq!(order(&search("rusak")), all);

    let rare = page(&search("sukawangi"), 50, 0);
    assert_eq!((rare.total, rare.total_capped), (13, false));
    let expected: Vec<i64> = all
        .iter()
        .copied()
        .filter(|id| (id - 1) % 100 == 7)
        .collect();
    assert_eq!(
        rare.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        expected
    );

    let with_status = ComplaintFilter {
        status: Some(ComplaintStatus::Diverifikasi),
        category_id: Some(kesehatan),
        ..search("jalan rusak")
    };
    let filtered = page(&with_status, 50, 0);
    let expected: Vec<i64> = all
        .iter()
        .copied()
        .filter(|id| id % 3 == 0 && (id - 1) % 2 == 1)
        .collect();
    assert_eq!((filtered.total, filtered.total_capped), (216, false));
    assert_eq!(filtered.total as usize, expected.len());
    assert_eq!(
        filtered.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        expected[..50]
    );
    let none = page(&search("sukawangi jembatan"), 50, 0);
    assert_eq!(
        (none.total, none.total_capped, none.items.len()),
        (0, false, 0)
    );
    let plain = page(&ComplaintFilter::default(), 50, 0);
    assert_eq!((plain.total, plain.total_capped), (1_300, false));
}

#[test]
fn export_without_personal_data_masks_identifiers_inside_the_text() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    create(
        conn,
        &clock,
        &input(
            &store,
            "NIK 3203012345678901, WA 081234567890, surel ujang@mail.id. Jalan rusak.",
            "2026-12-23T10:00",
        ),
        "Rina",
    )
    .unwrap();
    let text = |personal: bool| {
        let bytes =
            io::export_csv(conn, &clock, &ComplaintFilter::default(), personal, "Rina").unwrap();
        String::from_utf8(bytes).unwrap()
    };
    let masked = text(false);
    for secret in ["3203012345678901", "081234567890", "ujang@mail.id"] {
        assert!(!masked.contains(secret), "{secret} in {masked}");
    }
    assert!(masked.contains("320301**********") && masked.contains("Jalan rusak."));
    let full = text(true);
    assert!(full.contains("3203012345678901") && full.contains("ujang@mail.id"));
}
