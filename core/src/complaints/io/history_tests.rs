//! Tests of importing an agency's history (status and closing time columns, duplicates of
//! what is already in the inbox) and of the export's deadline and reason columns.

use super::mapping::Field;
use super::*;
use crate::complaints::model::{self, Channel, ComplaintFilter, ComplaintInput, ComplaintKind};
use crate::complaints::status::{self, ComplaintStatus};
use crate::complaints::{deadlines, events};
use crate::{FixedClock, Store};
use time::macros::datetime;

use crate::test_support::store;

/// Thursday 26 November 2026, 10:00 WIB.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 03:00 UTC))
}

fn capture(store: &Store, clock: &FixedClock, body: &str, received: &str) -> model::Complaint {
    let category = crate::complaints::categories::find_by_name(store.conn(), "Lainnya")
        .unwrap()
        .unwrap()
        .id;
    model::create(
        store.conn(),
        clock,
        &ComplaintInput {
            channel: Channel::Whatsapp,
            source_url: String::new(),
            citizen_name: "Siti".into(),
            citizen_contact: String::new(),
            body: body.into(),
            received_at_wib: received.into(),
            kind: ComplaintKind::Pengaduan,
            category_id: category,
            kecamatan: String::new(),
        },
        "Rina",
    )
    .unwrap()
}

fn id_of(store: &Store, body: &str) -> i64 {
    store
        .conn()
        .query_row("SELECT id FROM complaints WHERE body = ?1", [body], |r| {
            r.get(0)
        })
        .unwrap()
}

fn count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn export_shows_the_last_minute_of_a_deadline_and_masks_the_status_reason() {
    let (_d, store) = store();
    let clock = clock();
    // Received Friday 20 November: the first answer is due Monday 23 November, 23:59.
    let c = capture(&store, &clock, "Jalan berlubang", "2026-11-20T08:15");
    assert_eq!(c.next_due_at_wib.as_deref(), Some("2026-11-23T23:59"));
    status::transition(
        store.conn(),
        &clock,
        c.id,
        ComplaintStatus::Ditunda,
        "Sudah ditelepon ke 081234567890, NIK 3203 1234 5678 9012",
        "",
        "Rina",
    )
    .unwrap();
    let open = capture(&store, &clock, "Lampu mati", "2026-11-20T09:00");

    let column = |title: &str| {
        super::export::HEADERS
            .iter()
            .position(|h| *h == title)
            .unwrap()
    };
    let bytes = export_csv(
        store.conn(),
        &clock,
        &ComplaintFilter::default(),
        false,
        "Rina",
    )
    .unwrap();
    let rows = csv_rows(&bytes);
    let paused = rows.iter().find(|r| r[0] == c.number).unwrap();
    let due = rows.iter().find(|r| r[0] == open.number).unwrap();
    assert_eq!(due[column("Tenggat berikutnya (WIB)")], "2026-11-23 23:59");
    assert_eq!(due[column("Terlambat")], "Ya");
    assert_eq!(
        paused[column("Alasan status")],
        "Sudah ditelepon ke 0812******90, NIK 3203 12** **** ****"
    );

    let bytes = export_csv(
        store.conn(),
        &clock,
        &ComplaintFilter::default(),
        true,
        "Rina",
    )
    .unwrap();
    let rows = csv_rows(&bytes);
    let paused = rows.iter().find(|r| r[0] == c.number).unwrap();
    assert!(paused[column("Alasan status")].contains("081234567890"));
}

#[test]
fn rows_already_in_the_inbox_or_repeated_in_the_file_are_named_as_duplicates() {
    let (_d, mut store) = store();
    let clock = clock();
    let existing = capture(&store, &clock, "Jalan rusak di Pacet", "2026-11-20T08:15");
    let csv = "Tanggal,Isi aduan,Kanal\n\
        20/11/2026 08:15:40,Jalan rusak di Pacet ,WA\n\
        2026-11-21 10:00,Sampah menumpuk,WA\n\
        2026-11-21 10:00,Sampah menumpuk,WA\n\
        2026-11-21 10:00,Sampah menumpuk,Telepon\n\
        2026-11-20 08:16,Jalan rusak di Pacet,WA\n";
    let table = read_table(csv.as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    let defaults = ImportDefaults::new(Channel::Whatsapp);
    let p = preview(store.conn(), &clock, &table, &mapping, &defaults).unwrap();
    assert_eq!((p.rows_total, p.rows_ok), (5, 3));
    let rows: Vec<usize> = p.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 4]);
    assert!(
        p.problems[0]
            .message
            .contains(&format!("sudah ada di kotak aduan ({})", existing.number)),
        "{:?}",
        p.problems
    );
    assert_eq!(p.problems[0].column, "Isi aduan");
    assert!(
        p.problems[1].message.contains("baris 3"),
        "{:?}",
        p.problems
    );
    assert!(p.sample.iter().all(|s| s.row != 2 && s.row != 4));

    let err = commit(
        store.conn_mut(),
        &clock,
        &table,
        &mapping,
        &defaults,
        "Rina",
    )
    .unwrap_err();
    assert!(err.to_string().contains("baris 2, 4"), "{err}");
    assert_eq!(count(&store), 1, "nothing half-imported");
}

#[test]
fn a_historical_sheet_keeps_its_statuses_and_floods_nothing_as_overdue() {
    let (_d, mut store) = store();
    let clock = clock();
    let csv = "Tanggal,Isi aduan,Status Aduan,Tanggal selesai\n\
        2025-01-10 08:00,Jalan A,Selesai ditangani,2025-01-20 10:00\n\
        2025-02-01 09:00,Jalan B,selesai,\n\
        2025-03-01 09:00,Jalan C,Diarsipkan,\n\
        2025-04-01 09:00,Jalan D,,05/04/2025 14.00\n\
        2026-11-25 09:00,Jalan E,baru,\n\
        2026-11-25 10:00,Jalan F,Ditindaklanjuti,\n";
    let table = read_table(csv.as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    assert_eq!(mapping.get(Field::ReceivedAt), Some("Tanggal"));
    assert_eq!(mapping.get(Field::Status), Some("Status Aduan"));
    assert_eq!(mapping.get(Field::ClosedAt), Some("Tanggal selesai"));
    let defaults = ImportDefaults::new(Channel::Whatsapp);
    let p = preview(store.conn(), &clock, &table, &mapping, &defaults).unwrap();
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.sample[0].status, ComplaintStatus::Selesai);
    assert_eq!(
        p.sample[0].closed_at_wib.as_deref(),
        Some("2025-01-20T10:00")
    );
    assert_eq!(
        p.sample[1].closed_at_wib.as_deref(),
        Some("2025-02-01T09:00")
    );
    assert_eq!(p.sample[4].status, ComplaintStatus::Baru);

    assert_eq!(
        commit(
            store.conn_mut(),
            &clock,
            &table,
            &mapping,
            &defaults,
            "Rina"
        )
        .unwrap(),
        6
    );
    let conn = store.conn();
    let get = |body: &str| model::get(conn, &clock, id_of(&store, body), "Rina").unwrap();

    let a = get("Jalan A");
    assert_eq!(a.status, ComplaintStatus::Selesai);
    assert_eq!(a.closed_at.as_deref(), Some("2025-01-20T03:00:00.000Z"));
    assert_eq!(a.resolved_at, a.closed_at);
    assert_eq!(a.next_due_at, None);
    assert!(!a.overdue && a.deadlines.iter().all(|d| !d.overdue));
    let log = events(conn, a.id).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[1].from, log[1].to),
        (Some(ComplaintStatus::Baru), ComplaintStatus::Selesai)
    );
    assert!(log[1].reason.contains("Diimpor"), "{}", log[1].reason);
    assert!(log[1].reason.contains("Selesai ditangani"));
    // The step is dated when it was closed, so resolution times stay true.
    assert_eq!(log[1].at, "2025-01-20T03:00:00.000Z");

    let b = get("Jalan B");
    assert_eq!(b.closed_at.as_deref(), Some("2025-02-01T02:00:00.000Z"));
    let c = get("Jalan C");
    assert_eq!(c.status, ComplaintStatus::Diarsipkan);
    assert!(c.closed_at.is_some() && c.resolved_at.is_none());
    assert!(c.status_reason.contains("Diimpor"), "an archive says why");
    let d = get("Jalan D");
    assert_eq!(
        d.status,
        ComplaintStatus::Selesai,
        "a closing date alone: selesai"
    );
    assert_eq!(d.closed_at.as_deref(), Some("2025-04-05T07:00:00.000Z"));

    let e = get("Jalan E");
    assert_eq!(e.status, ComplaintStatus::Baru);
    assert_eq!(events(conn, e.id).unwrap().len(), 1);
    let f = get("Jalan F");
    assert_eq!(f.status, ComplaintStatus::Ditindaklanjuti);
    assert!(f.deadlines[1].met_at.is_some() && f.deadlines[2].met_at.is_some());
    assert_eq!(
        f.next_due_at_wib.as_deref(),
        Some("2026-11-26T23:59"),
        "still open: the first answer is owed"
    );

    // Only the rows still open can be overdue; the old closed ones are not in the list.
    assert_eq!(deadlines::overdue_count(conn, &clock).unwrap(), 0);
    let stats = crate::complaints::response_stats(conn, "2025-01-01", "2025-01-31").unwrap();
    assert_eq!(stats.resolved, 1);
}

#[test]
fn statuses_a_sheet_cannot_support_and_inconsistent_dates_are_named() {
    let (_d, store) = store();
    let clock = clock();
    let csv = "Tanggal,Isi aduan,Keterangan status,Selesai pada\n\
        2025-01-10 08:00,Jalan A,Diteruskan,\n\
        2025-01-10 08:00,Jalan B,entah,\n\
        2025-01-10 08:00,Jalan C,selesai,2025-01-09 08:00\n\
        2025-01-10 08:00,Jalan D,baru,2025-01-12 08:00\n\
        2025-01-10 08:00,Jalan E,selesai,kemarin\n\
        2025-01-10 08:00,Jalan F,selesai,2027-01-01 08:00\n";
    let table = read_table(csv.as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    assert_eq!(mapping.get(Field::Status), Some("Keterangan status"));
    assert_eq!(mapping.get(Field::ClosedAt), Some("Selesai pada"));
    let p = preview(
        store.conn(),
        &clock,
        &table,
        &mapping,
        &ImportDefaults::new(Channel::Whatsapp),
    )
    .unwrap();
    let found: Vec<(usize, &str)> = p
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "Keterangan status"),
            (3, "Keterangan status"),
            (4, "Selesai pada"),
            (5, "Selesai pada"),
            (6, "Selesai pada"),
            (7, "Selesai pada"),
        ]
    );
    assert!(p.problems[0].message.contains("nama PD tujuan"));
    assert!(p.problems[1].message.contains("tidak dikenal"));
    assert!(p.problems[2].message.contains("lebih awal"));
    assert!(p.problems[3].message.contains("statusnya Baru"));
    assert!(p.problems[4].message.contains("tidak dikenali"));
    assert!(p.problems[5].message.contains("masa depan"));
    assert_eq!(p.rows_ok, 0);
}
