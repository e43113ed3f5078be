//! Tests of a complaint's life after capture: savepoints that never stay open, reasons
//! recorded only where a step asks for them, ditunda stopping the clock, reclassification,
//! retention down to photos and audit details, masking of grouped NIK and landlines, and
//! the bounded overdue list.

use super::*;
use crate::{FixedClock, Store};
use time::macros::datetime;

/// Friday 6 November 2026, 10:00 WIB (no holidays around it).
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-06 03:00 UTC))
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
        channel: Channel::Whatsapp,
        source_url: String::new(),
        citizen_name: "Siti Aminah".into(),
        citizen_contact: "081234567890".into(),
        body: body.into(),
        received_at_wib: received.into(),
        kind: ComplaintKind::Pengaduan,
        category_id: category(store, "Jalan dan jembatan"),
        kecamatan: "32.03.11".into(),
    }
}

fn dues(c: &Complaint) -> Vec<String> {
    c.deadlines.iter().map(|d| d.due_at_wib.clone()).collect()
}

fn step(
    conn: &rusqlite::Connection,
    clock: &FixedClock,
    id: i64,
    to: ComplaintStatus,
) -> Complaint {
    transition(conn, clock, id, to, "", "", "Rina").unwrap()
}

#[test]
fn a_failed_release_rolls_back_and_leaves_no_transaction_open() {
    let (_d, store) = store();
    let conn = store.conn();
    let scope = crate::store::savepoint(conn).unwrap();
    // A deferred foreign key is checked by the outermost RELEASE, i.e. the commit: it
    // fails, and the savepoint must not stay open behind the error.
    scope
        .execute_batch(
            "PRAGMA defer_foreign_keys = ON;
             INSERT INTO complaint_events (complaint_id, to_status, actor, at)
             VALUES (424242, 'baru', 'Rina', '2026-11-06T03:00:00Z');",
        )
        .unwrap();
    assert!(scope.finish().is_err());
    assert!(conn.is_autocommit(), "no transaction may stay open");
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM complaint_events WHERE complaint_id = 424242",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "the failed work is rolled back");
    // The connection still works normally afterwards.
    let c = create(
        conn,
        &clock(),
        &input(&store, "Jalan rusak", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();
    assert!(conn.is_autocommit());
    assert_eq!(events(conn, c.id).unwrap().len(), 1);
}

#[test]
fn stray_reason_and_pd_are_recorded_only_on_steps_that_ask_for_them() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let c = create(
        conn,
        &clock,
        &input(&store, "Lampu jalan mati", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();
    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diverifikasi,
        "sisa teks dari langkah lain",
        "Dinas PUPR",
        "Rina",
    )
    .unwrap();
    assert_eq!(c.status_reason, "");
    assert_eq!(c.forwarded_to, "");
    let log = events(conn, c.id).unwrap();
    assert_eq!(log[1].reason, "");
    assert_eq!(log[1].forwarded_to, "");

    // A reason that is too long but not asked for is dropped, not refused.
    let long = "x".repeat(status::MAX_REASON_CHARS + 10);
    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Ditindaklanjuti,
        &long,
        "",
        "Rina",
    )
    .unwrap();
    assert_eq!(c.status_reason, "");

    // Ditunda keeps its reason but not a PD.
    let c = transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Ditunda,
        "Menunggu anggaran",
        "Dinas PUPR",
        "Rina",
    )
    .unwrap();
    assert_eq!(c.status_reason, "Menunggu anggaran");
    assert_eq!(c.forwarded_to, "");
    assert_eq!(events(conn, c.id).unwrap()[3].forwarded_to, "");

    // Diteruskan keeps both.
    let other = create(
        conn,
        &clock,
        &input(&store, "Sampah menumpuk", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();
    let f = transition(
        conn,
        &clock,
        other.id,
        ComplaintStatus::Diteruskan,
        "Kewenangan DLH",
        "DLH Kabupaten Cianjur",
        "Rina",
    )
    .unwrap();
    assert_eq!(f.status_reason, "Kewenangan DLH");
    assert_eq!(f.forwarded_to, "DLH Kabupaten Cianjur");
}

#[test]
fn ditunda_stops_the_clock_for_unmet_deadlines() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    // Received Friday 09:00; due Mon 9, Wed 11, Fri 13 November and 5 January.
    let c = create(
        conn,
        &clock,
        &input(&store, "Jalan amblas", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();
    assert_eq!(
        dues(&c),
        [
            "2026-11-09T23:59",
            "2026-11-11T23:59",
            "2026-11-13T23:59",
            "2027-01-05T23:59"
        ]
    );
    // A second one is verified before it is paused: that deadline was met and stays.
    let verified = create(
        conn,
        &clock,
        &input(&store, "Jembatan retak", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();
    step(conn, &clock, verified.id, ComplaintStatus::Diverifikasi);

    for id in [c.id, verified.id] {
        transition(
            conn,
            &clock,
            id,
            ComplaintStatus::Ditunda,
            "Menunggu survei",
            "",
            "Rina",
        )
        .unwrap();
    }
    // Paused Friday, resumed Wednesday: 3 working days (Mon, Tue, Wed), 5 calendar days.
    clock.set(datetime!(2026-11-11 03:00 UTC));
    let c = resume(conn, &clock, c.id, "Rina").unwrap();
    assert_eq!(
        dues(&c),
        [
            "2026-11-12T23:59",
            "2026-11-16T23:59",
            "2026-11-18T23:59",
            "2027-01-10T23:59"
        ]
    );
    assert_eq!(c.next_due_at_wib.as_deref(), Some("2026-11-12T23:59"));
    assert!(
        !c.overdue,
        "the first answer is no longer late after the pause"
    );

    let v = resume(conn, &clock, verified.id, "Rina").unwrap();
    assert_eq!(
        dues(&v),
        [
            "2026-11-12T23:59",
            "2026-11-11T23:59",
            "2026-11-18T23:59",
            "2027-01-10T23:59"
        ]
    );

    // A later recompute (holidays or settings changed) keeps the shift.
    assert_eq!(recompute_open_deadlines(conn, &clock).unwrap(), 2);
    let again = get(conn, &clock, c.id, "Rina").unwrap();
    assert_eq!(dues(&again), dues(&c));
    // Reclassifying while running does not start or end a pause.
    let kesehatan = category(&store, "Kesehatan");
    let r = reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Pengaduan,
        kesehatan,
        "32.03.11",
        Channel::Whatsapp,
        "Rina",
    )
    .unwrap();
    assert_eq!(dues(&r), dues(&c));
}

#[test]
fn reclassify_records_the_change_and_recomputes_deadlines() {
    let (_d, store) = store();
    let clock = clock();
    let conn = store.conn();
    let kesehatan = category(&store, "Kesehatan");
    set_category_rule(
        conn,
        &clock,
        kesehatan,
        Some(&DeadlineRule {
            first_response_days: 2,
            verification_days: 4,
            follow_up_days: 6,
            resolution_days: 30,
        }),
    )
    .unwrap();
    let c = create(
        conn,
        &clock,
        &input(&store, "Puskesmas tutup", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();
    assert_eq!(c.deadlines[0].due_at_wib, "2026-11-09T23:59");

    let r = reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Pengaduan,
        kesehatan,
        "32.03.11",
        Channel::Whatsapp,
        "Budi",
    )
    .unwrap();
    assert_eq!(r.category_name, "Kesehatan");
    assert_eq!(r.status, ComplaintStatus::Baru);
    assert_eq!(r.deadlines[0].due_at_wib, "2026-11-10T23:59");
    assert_eq!(r.deadlines[3].due_at_wib, "2026-12-06T23:59");
    let log = events(conn, c.id).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].from, Some(ComplaintStatus::Baru));
    assert_eq!(log[1].to, ComplaintStatus::Baru);
    assert_eq!(log[1].actor, "Budi");
    assert_eq!(
        log[1].reason,
        "Klasifikasi diubah: kategori Jalan dan jembatan → Kesehatan"
    );

    // Several fields at once, named in one step.
    reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Aspirasi,
        kesehatan,
        "luar_cianjur",
        Channel::Telepon,
        "Budi",
    )
    .unwrap();
    let log = events(conn, c.id).unwrap();
    assert_eq!(
        log[2].reason,
        "Klasifikasi diubah: jenis Pengaduan → Aspirasi; kecamatan Cugenang → Luar Cianjur; kanal WhatsApp → Telepon"
    );
    // Nothing changed: nothing recorded.
    reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Aspirasi,
        kesehatan,
        "luar_cianjur",
        Channel::Telepon,
        "Budi",
    )
    .unwrap();
    assert_eq!(events(conn, c.id).unwrap().len(), 3);

    // Checked as at capture.
    let err = reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Aspirasi,
        kesehatan,
        "Atlantis",
        Channel::Telepon,
        "Budi",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.kecamatan");
    let err = reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Aspirasi,
        9_999,
        "",
        Channel::Telepon,
        "Budi",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.category_id");

    // Closed complaints keep the classification they were decided under.
    transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diarsipkan,
        "Ganda",
        "",
        "Rina",
    )
    .unwrap();
    let err = reclassify(
        conn,
        &clock,
        c.id,
        ComplaintKind::Pengaduan,
        kesehatan,
        "",
        Channel::Telepon,
        "Budi",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.status");
    assert!(conn.is_autocommit());
}

fn png(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([seed, 10, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn retention_erases_reasons_audit_details_and_photos_only_that_complaint_used() {
    let (dir, store) = store();
    let clock = FixedClock::new(datetime!(2024-03-04 03:00 UTC));
    let conn = store.conn();
    let media_dir = crate::media::media_dir(store.path());
    let import_png = |name: &str, seed: u8| {
        let path = dir.path().join(name);
        std::fs::write(&path, png(seed)).unwrap();
        crate::media::import(conn, &clock, &media_dir, &path).unwrap()
    };

    let c = create(
        conn,
        &clock,
        &input(&store, "Jembatan putus", "2024-03-01T10:00"),
        "Rina",
    )
    .unwrap();
    let own = import_png("tangkapan.png", 1);
    let shared = import_png("foto-kegiatan.png", 2);
    attach(conn, &clock, c.id, own.id).unwrap();
    attach(conn, &clock, c.id, shared.id).unwrap();
    let draft = crate::drafts::create(
        conn,
        &clock,
        &crate::drafts::DraftInput {
            title: "Perbaikan jembatan".into(),
            body: "Kegiatan".into(),
            ..Default::default()
        },
    )
    .unwrap();
    crate::media::attach(conn, draft.id, shared.id).unwrap();
    audit(
        conn,
        &clock,
        "Rina",
        "lihat",
        Some(c.id),
        "dibuka dari pencarian Siti Aminah",
    )
    .unwrap();
    audit(
        conn,
        &clock,
        "Rina",
        "ekspor",
        None,
        "CSV, 1 aduan, filter: cari=\"Siti Aminah\", status=diteruskan",
    )
    .unwrap();
    transition(
        conn,
        &clock,
        c.id,
        ComplaintStatus::Diteruskan,
        "Bu Siti sudah ditelepon ke 081234567890",
        "Dinas PUPR",
        "Rina",
    )
    .unwrap();

    clock.set(datetime!(2026-03-05 03:00 UTC));
    // The settings screen asks before shortening: 2 years erases it, 3 would not.
    assert_eq!(retention_preview(conn, &clock, 2).unwrap(), 1);
    assert_eq!(retention_preview(conn, &clock, 3).unwrap(), 0);
    assert_eq!(
        retention_preview(conn, &clock, 0).unwrap_err().code(),
        "invalid.retention_years"
    );
    let own_file = crate::media::original_path(&media_dir, &own);
    let shared_file = crate::media::original_path(&media_dir, &shared);
    assert!(own_file.exists() && shared_file.exists());

    assert_eq!(apply_retention(conn, &clock).unwrap(), 1);
    assert_eq!(retention_preview(conn, &clock, 2).unwrap(), 0);

    let after = get(conn, &clock, c.id, "Rina").unwrap();
    assert_eq!(after.status_reason, ERASED_TEXT);
    assert_eq!(
        after.forwarded_to, "Dinas PUPR",
        "a PD is not personal data"
    );
    let log = events(conn, c.id).unwrap();
    assert_eq!(log[1].reason, ERASED_TEXT);
    assert_eq!(log[1].forwarded_to, "Dinas PUPR");
    assert_eq!(log[0].reason, "", "empty reasons stay empty");

    let entries = audit_log(conn, 100).unwrap();
    let viewed = entries
        .iter()
        .find(|e| e.action == "lihat" && e.complaint_id == Some(c.id) && e.at < after.updated_at)
        .unwrap();
    assert_eq!(viewed.detail, "");
    let export = entries.iter().find(|e| e.action == "ekspor").unwrap();
    assert_eq!(
        export.detail,
        format!("CSV, 1 aduan, filter: cari={ERASED_TEXT}, status=diteruskan")
    );
    assert!(entries
        .iter()
        .all(|e| !e.detail.contains("Siti") && !e.detail.contains("0812")));

    // The screenshot only this complaint used is gone, row and file; the draft's photo
    // stays.
    assert!(attachments(conn, c.id).unwrap().is_empty());
    assert_eq!(
        crate::media::get(conn, own.id).unwrap_err().code(),
        "not_found"
    );
    assert!(!own_file.exists());
    assert!(!crate::media::thumbs_dir(&media_dir)
        .join(format!("{}.jpg", own.sha256))
        .exists());
    assert!(crate::media::get(conn, shared.id).is_ok());
    assert!(shared_file.exists());
}

#[test]
fn retention_keeps_a_screenshot_an_impersonation_report_also_holds() {
    let (dir, store) = store();
    let clock = FixedClock::new(datetime!(2024-03-04 03:00 UTC));
    let conn = store.conn();
    let media_dir = crate::media::media_dir(store.path());
    let path = dir.path().join("akun-palsu.png");
    std::fs::write(&path, png(7)).unwrap();
    // The same picture, imported once: one media row, one file (by content hash).
    let shot = crate::media::import(conn, &clock, &media_dir, &path).unwrap();
    let c = create(
        conn,
        &clock,
        &input(&store, "Ada akun palsu minta transfer", "2024-03-01T10:00"),
        "Rina",
    )
    .unwrap();
    attach(conn, &clock, c.id, shot.id).unwrap();
    let report = crate::accounts::save_report(
        conn,
        &clock,
        None,
        &crate::accounts::ReportInput {
            platform: crate::drafts::Platform::Instagram,
            handle_or_url: "dinkes.cianjur".into(),
            imitates: String::new(),
            description: "Meminta transfer lewat DM.".into(),
            first_seen_on: "2024-03-01".into(),
            status: crate::accounts::ReportStatus::MasihAktif,
        },
    )
    .unwrap();
    crate::accounts::attach_report_media(conn, &clock, &report.id, shot.id).unwrap();
    for to in [
        ComplaintStatus::Diverifikasi,
        ComplaintStatus::Ditindaklanjuti,
        ComplaintStatus::Selesai,
    ] {
        transition(conn, &clock, c.id, to, "", "", "Rina").unwrap();
    }

    clock.set(datetime!(2026-03-05 03:00 UTC));
    assert_eq!(apply_retention(conn, &clock).unwrap(), 1);
    assert!(attachments(conn, c.id).unwrap().is_empty());
    // The report keeps its evidence: the row, the link and the file.
    assert!(crate::media::get(conn, shot.id).is_ok());
    let kept = crate::accounts::report_media(conn, &report.id).unwrap();
    assert_eq!(kept.len(), 1);
    assert!(crate::media::original_path(&media_dir, &shot).exists());
}

#[test]
fn mask_text_hides_grouped_nik_and_landlines() {
    assert_eq!(
        mask_text("NIK saya 3203 1234 5678 9012 ya"),
        "NIK saya 3203 12** **** **** ya"
    );
    assert_eq!(
        mask_text("NIK: 3203.1234.5678.9012."),
        "NIK: 3203.12**.****.****."
    );
    assert_eq!(
        mask_text("nik 320312-345678-9012"),
        "nik 320312-******-****"
    );
    assert_eq!(mask_text("3203123456789012"), "320312**********");
    assert_eq!(
        mask_text("Telp kantor desa (0263) 261234."),
        "Telp kantor desa (0263) ****34."
    );
    assert_eq!(mask_text("hubungi 0263-261234"), "hubungi 0263-****34");
    assert_eq!(mask_text("atau 022 7654321"), "atau 022 7****21");
    assert_eq!(mask_text("+62 263 261234"), "+62 26* ****34");
    // Mobile numbers as before; dates, times, amounts and RT/RW are not numbers to hide.
    assert_eq!(mask_text("WA 0812-3456-7890"), "WA 0812-****-**90");
    for plain in [
        "Sejak 20/11/2026 pukul 08.15",
        "Dana Rp 62.500.000.000 untuk jalan",
        "RT 002 RW 005",
        "tanggal 2026-11-20",
    ] {
        assert_eq!(mask_text(plain), plain);
    }
}

#[test]
fn overdue_reminders_list_the_worst_fifty_and_count_them_all() {
    let (_d, mut store) = store();
    let clock = clock();
    let inputs: Vec<ComplaintInput> = (0..60)
        .map(|i| {
            input(
                &store,
                &format!("Aduan lama {i}"),
                &format!("2026-10-{:02}T09:00", 1 + i % 28),
            )
        })
        .collect();
    let tx = store.conn_mut().transaction().unwrap();
    insert_many(&tx, &clock, &inputs, "Impor").unwrap();
    tx.commit().unwrap();
    let conn = store.conn();
    // A fresh one is not overdue and not counted.
    create(
        conn,
        &clock,
        &input(&store, "Baru saja", "2026-11-06T09:00"),
        "Rina",
    )
    .unwrap();

    let list = overdue_reminders(conn, &clock).unwrap();
    assert_eq!(list.len(), MAX_OVERDUE_REMINDERS as usize);
    assert_eq!(overdue_count(conn, &clock).unwrap(), 60);
    // Most overdue first: received 1 October, due 2 October.
    assert!(list[0].due_at_wib.starts_with("2026-10-02"), "{list:?}");
    assert!(list.windows(2).all(|w| w[0].due_at_wib <= w[1].due_at_wib));
}
