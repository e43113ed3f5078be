use super::*;
use crate::complaints::{
    self, categories, Channel, ComplaintInput, ComplaintKind, ComplaintStatus, ReplyKind,
};
use crate::drafts::{self, DraftInput};
use crate::FixedClock;
use time::macros::datetime;

/// Thursday 26 November 2026, 20:00 WIB.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 13:00 UTC))
}

use crate::test_support::store;

fn category(conn: &Connection, name: &str) -> i64 {
    categories::find_by_name(conn, name).unwrap().unwrap().id
}

struct Person {
    name: &'static str,
    contact: &'static str,
    body: &'static str,
    reply: &'static str,
}

const PEOPLE: &[Person] = &[
    Person {
        name: "Siti Aminah Rahmawati",
        contact: "081234567890",
        body: "Jalan desa Sukamulya berlubang, NIK saya 3203014501900001",
        reply: "Terima kasih Bu Siti, petugas kami meluncur ke Sukamulya",
    },
    Person {
        name: "@ujang.cianjur_asli",
        contact: "ujang.cianjur@example.com",
        body: "Antrean puskesmas Cipanas terlalu lama sampai sore",
        reply: "Mohon maaf Kang Ujang, antrean kami perbaiki",
    },
    Person {
        name: "Dadang Suherman",
        contact: "+62 857-2211-3344",
        body: "Lampu PJU di Jalan Raya Cugenang mati sejak minggu lalu",
        reply: "Laporan lampu PJU Cugenang sudah diteruskan",
    },
];

#[allow(clippy::too_many_arguments)]
fn complaint(
    conn: &Connection,
    clock: &dyn Clock,
    p: &Person,
    received: &str,
    kind: ComplaintKind,
    channel: Channel,
    category_name: &str,
    kecamatan: &str,
) -> i64 {
    complaints::create(
        conn,
        clock,
        &ComplaintInput {
            channel,
            source_url: "https://www.instagram.com/p/rahasia123/".into(),
            citizen_name: p.name.into(),
            citizen_contact: p.contact.into(),
            body: p.body.into(),
            received_at_wib: received.into(),
            kind,
            category_id: category(conn, category_name),
            kecamatan: kecamatan.into(),
        },
        "Admin Rina",
    )
    .unwrap()
    .id
}

fn draft(conn: &Connection, clock: &dyn Clock, title: &str) -> i64 {
    drafts::create(
        conn,
        clock,
        &DraftInput {
            title: title.into(),
            body: "Isi".into(),
            for_instagram: true,
            ..DraftInput::default()
        },
    )
    .unwrap()
    .id
}

fn slot(conn: &Connection, draft_id: i64, platform: &str, at_utc: &str, status: &str) {
    conn.execute(
        "INSERT INTO slots (draft_id, platform, at, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?3, ?3)",
        params![draft_id, platform, at_utc, status],
    )
    .unwrap();
}

/// The day under test, 2026-11-26, with a busy store around it.
fn busy_store(conn: &Connection) -> FixedClock {
    let clock = clock();
    // Drafts: two on the day, one the day before.
    let at = |c: &FixedClock, t| {
        c.set(t);
    };
    at(&clock, datetime!(2026-11-25 03:00 UTC));
    let d0 = draft(conn, &clock, "Kemarin");
    at(&clock, datetime!(2026-11-26 01:00 UTC));
    let d1 = draft(conn, &clock, "Posyandu");
    draft(conn, &clock, "Vaksinasi");
    // Slots on the day (WIB 26th = 25th 17:00 UTC .. 26th 17:00 UTC).
    slot(conn, d1, "instagram", "2026-11-25T17:00:00Z", "terbit");
    slot(conn, d1, "instagram", "2026-11-26T02:00:00Z", "terbit");
    slot(conn, d1, "instagram", "2026-11-26T16:59:00Z", "terbit");
    slot(conn, d1, "instagram", "2026-11-26T05:00:00Z", "terlewat");
    slot(conn, d1, "facebook", "2026-11-26T09:00:00Z", "terjadwal");
    slot(conn, d1, "facebook", "2026-11-26T09:00:00Z", "dibatalkan");
    slot(conn, d0, "instagram", "2026-11-25T16:59:00Z", "terbit"); // the 25th, WIB
    slot(conn, d0, "facebook", "2026-11-26T17:00:00Z", "terbit"); // the 27th, WIB

    // An old complaint, never answered: overdue by the 26th.
    at(&clock, datetime!(2026-11-02 03:30 UTC));
    complaint(
        conn,
        &clock,
        &PEOPLE[2],
        "2026-11-02T09:00",
        ComplaintKind::Pengaduan,
        Channel::Whatsapp,
        "Penerangan jalan",
        "32.03.05",
    );
    // An old complaint resolved on the day, first answered long ago.
    let old = complaint(
        conn,
        &clock,
        &PEOPLE[0],
        "2026-11-02T10:00",
        ComplaintKind::Pengaduan,
        Channel::InstagramDm,
        "Jalan dan jembatan",
        "32.03.01",
    );
    at(&clock, datetime!(2026-11-02 04:00 UTC));
    complaints::add_reply(
        conn,
        &clock,
        old,
        ReplyKind::Pribadi,
        PEOPLE[0].reply,
        "Rina",
    )
    .unwrap();
    for to in [
        ComplaintStatus::Diverifikasi,
        ComplaintStatus::Ditindaklanjuti,
    ] {
        complaints::transition(conn, &clock, old, to, "", "", "Rina").unwrap();
    }
    at(&clock, datetime!(2026-11-26 06:00 UTC));
    complaints::transition(conn, &clock, old, ComplaintStatus::Selesai, "", "", "Rina").unwrap();

    // Received on the day: 3 pengaduan, 2 aspirasi.
    at(&clock, datetime!(2026-11-26 02:00 UTC));
    let a = complaint(
        conn,
        &clock,
        &PEOPLE[0],
        "2026-11-26T08:00",
        ComplaintKind::Pengaduan,
        Channel::InstagramKomentar,
        "Jalan dan jembatan",
        "32.03.01",
    );
    let b = complaint(
        conn,
        &clock,
        &PEOPLE[1],
        "2026-11-26T08:30",
        ComplaintKind::Pengaduan,
        Channel::InstagramDm,
        "Kesehatan",
        "luar_cianjur",
    );
    complaint(
        conn,
        &clock,
        &PEOPLE[2],
        "2026-11-26T09:00",
        ComplaintKind::Pengaduan,
        Channel::Whatsapp,
        "Penerangan jalan",
        "",
    );
    for p in &PEOPLE[..2] {
        complaint(
            conn,
            &clock,
            p,
            "2026-11-26T09:00",
            ComplaintKind::Aspirasi,
            Channel::Whatsapp,
            "Lainnya",
            "32.03.01",
        );
    }
    // Two first answers on the day: 60 and 120 minutes after receipt.
    at(&clock, datetime!(2026-11-26 02:00 UTC));
    complaints::add_reply(conn, &clock, a, ReplyKind::Publik, PEOPLE[0].reply, "Rina").unwrap();
    at(&clock, datetime!(2026-11-26 03:30 UTC));
    complaints::add_reply(conn, &clock, b, ReplyKind::Pribadi, PEOPLE[1].reply, "Rina").unwrap();
    // A complaint on the next day must not count.
    at(&clock, datetime!(2026-11-27 02:00 UTC));
    complaint(
        conn,
        &clock,
        &PEOPLE[1],
        "2026-11-27T09:00",
        ComplaintKind::Aspirasi,
        Channel::Telepon,
        "Kesehatan",
        "32.03.02",
    );
    clock
}

#[test]
fn each_count_of_a_day_comes_from_the_store() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = busy_store(conn);
    clock.set(datetime!(2026-11-28 03:00 UTC)); // the 26th is over
    let s = build(conn, &clock, "2026-11-26", 3).unwrap();
    assert_eq!((s.day.as_str(), s.revision), ("2026-11-26", 3));
    assert_eq!(
        s.posts.instagram,
        PostCounts {
            published: 3,
            scheduled: 0,
            missed: 1
        }
    );
    assert_eq!(
        s.posts.facebook,
        PostCounts {
            published: 0,
            scheduled: 1,
            missed: 0
        }
    );
    assert_eq!(s.drafts_created, 2);
    assert_eq!(s.briefs_fulfilled, 0);
    assert_eq!(
        s.official_accounts,
        medsos_protocol::OfficialAccountCounts::default()
    );
    let c = &s.complaints;
    let map = |pairs: &[(&str, u32)]| -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
    };
    assert_eq!(
        c.received_by_type,
        map(&[("pengaduan", 3), ("aspirasi", 2)])
    );
    assert_eq!(
        c.received_by_category,
        map(&[
            ("Jalan dan jembatan", 1),
            ("Kesehatan", 1),
            ("Penerangan jalan", 1),
            ("Lainnya", 2)
        ])
    );
    assert_eq!(
        c.received_by_kecamatan,
        map(&[("32.03.01", 3), ("luar_cianjur", 1)])
    );
    assert_eq!(
        c.received_by_channel,
        map(&[
            ("instagram_komentar", 1),
            ("instagram_dm", 1),
            ("whatsapp", 3)
        ])
    );
    assert_eq!(c.answered_within_deadline, 2);
    assert_eq!(c.median_first_response_minutes, Some(90));
    assert_eq!(c.resolved, 1);
    // Received 2 Nov 10:00 WIB, resolved 26 Nov 13:00 WIB.
    assert_eq!(c.median_resolution_minutes, Some(24 * 24 * 60 + 3 * 60));
    // Open at the end of the 26th: the old unanswered one and the five of the day.
    assert_eq!(c.open_backlog, 6);
    assert_eq!(c.overdue, 1);

    // The day before: the old resolved one was still open then; it was late only if its
    // resolution was due before the end of the 25th.
    let before = build(conn, &clock, "2026-11-25", 1).unwrap();
    assert_eq!(before.complaints.open_backlog, 2);
    let due: String = conn
        .query_row(
            "SELECT due_resolution FROM complaints WHERE resolved_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let late = u32::from(due.as_str() < "2026-11-25T17:00:00Z");
    assert_eq!(before.complaints.overdue, 1 + late);
    assert_eq!(before.complaints.resolved, 0);
    assert_eq!(before.posts.instagram.published, 1);
    assert_eq!(before.drafts_created, 1);

    // Today, in the middle of the day: counted up to now.
    clock.set(datetime!(2026-11-26 01:29 UTC)); // 08:29 WIB: one complaint of the day in
    let today = build(conn, &clock, "2026-11-26", 1).unwrap();
    assert_eq!(today.complaints.open_backlog, 3);
    // At 08:30 the one captured at 08:30 counts too: "up to now" includes this minute.
    clock.set(datetime!(2026-11-26 01:30 UTC));
    let today = build(conn, &clock, "2026-11-26", 1).unwrap();
    assert_eq!(today.complaints.open_backlog, 4);

    let text = describe(&s).join("\n");
    assert!(
        text.contains("Unggahan Instagram: 3 terbit, 1 terlewat."),
        "{text}"
    );
    assert!(
        text.contains("5 aduan masuk: 3 pengaduan, 2 aspirasi."),
        "{text}"
    );
    assert!(text.contains("dari luar Cianjur"), "{text}");
    assert!(text.contains("1 jam 30 menit"), "{text}");
}

#[test]
fn no_personal_data_reaches_the_payload() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = busy_store(conn);
    let mut json = String::new();
    for day in ["2026-11-02", "2026-11-25", "2026-11-26", "2026-11-27"] {
        let s = build(conn, &clock, day, 1).unwrap();
        json.push_str(&serde_json::to_string(&s).unwrap());
        json.push_str(&describe(&s).join("\n"));
    }
    let lower = json.to_lowercase();
    for p in PEOPLE {
        for secret in [p.name, p.contact, p.body, p.reply] {
            assert!(!lower.contains(&secret.to_lowercase()), "{secret} leaked");
        }
        // No single telling word of what the citizen wrote either.
        for word in [
            "sukamulya",
            "3203014501900001",
            "ujang",
            "siti",
            "dadang",
            "rahasia",
        ] {
            assert!(!lower.contains(word), "{word} leaked: {json}");
        }
    }
    for word in ["admin rina", "posyandu", "vaksinasi", "instagram.com"] {
        assert!(!lower.contains(word), "{word} leaked");
    }
}

#[test]
fn a_busy_day_fits_in_4_kb() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    let d = draft(conn, &clock, "Banyak");
    for i in 0..40 {
        slot(
            conn,
            d,
            "instagram",
            &format!("2026-11-26T0{}:{:02}:00Z", i % 9, i),
            "terbit",
        );
    }
    // Every category (plus long custom ones), every channel, every kecamatan.
    for n in 0..12 {
        categories::create(
            conn,
            &format!("Kategori layanan publik yang sangat panjang {n:02}"),
        )
        .unwrap();
    }
    let categories: Vec<String> = categories::list(conn)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    let kecamatan: Vec<String> = crate::kecamatan::all()
        .into_iter()
        .map(|k| k.kode)
        .collect();
    let p = &PEOPLE[0];
    for i in 0..400 {
        let kind = [
            ComplaintKind::Pengaduan,
            ComplaintKind::Aspirasi,
            ComplaintKind::PermintaanInformasi,
        ][i % 3];
        complaint(
            conn,
            &clock,
            p,
            &format!("2026-11-26T{:02}:{:02}", 1 + i % 19, i % 60),
            kind,
            Channel::ALL[i % Channel::ALL.len()],
            &categories[i % categories.len()],
            if i % 40 == 0 {
                "luar_cianjur"
            } else {
                &kecamatan[i % kecamatan.len()]
            },
        );
    }
    let s = build(conn, &clock, "2026-11-26", 1_000_000).unwrap();
    assert_eq!(s.complaints.received_by_type.values().sum::<u32>(), 400);
    assert!(s.complaints.received_by_kecamatan.len() >= 30);
    let bytes = serde_json::to_vec(&s).unwrap();
    println!("busy day payload: {} bytes", bytes.len());
    assert!(bytes.len() <= 4096, "{} bytes", bytes.len());
}

#[test]
fn names_are_cut_to_what_the_protocol_accepts() {
    assert_eq!(key("  a\u{7}b  "), "a b");
    assert_eq!(key(&"x".repeat(100)).chars().count(), MAX_KEY_CHARS);
    let many: BTreeMap<String, u32> = (0..150).map(|i| (format!("k{i:03}"), 1)).collect();
    let capped = cap(many);
    assert_eq!(capped.len(), MAX_MAP_ENTRIES);
    assert_eq!(capped.values().sum::<u32>(), 150);
}

#[test]
fn the_preview_carries_the_revision_the_next_send_would() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    // A day never marked goes out first as revision 1.
    assert_eq!(next_send(conn, &clock, "2026-11-25").unwrap().revision, 1);
    draft(conn, &clock, "Posyandu");
    assert_eq!(next_send(conn, &clock, "2026-11-26").unwrap().revision, 1);
    let prepared = crate::sync::run::prepare(conn, &clock, 30)
        .unwrap()
        .unwrap();
    assert!(crate::sync::outbox::acknowledge(conn, &clock, &prepared.sent[0]).unwrap());
    // A correction after the hub acknowledged revision 1 goes as revision 2.
    draft(conn, &clock, "Koreksi");
    let next = next_send(conn, &clock, "2026-11-26").unwrap();
    assert_eq!(next.revision, 2);
    assert_eq!(next.drafts_created, 2);
    assert!(next_send(conn, &clock, "26-11-2026").is_err());
}
