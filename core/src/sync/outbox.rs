//! The outbox of days to send. A day is sent with its `revision` and the `change_seq` seen
//! when the payload was built; the hub's acknowledgement clears the day only if nothing
//! changed meanwhile, and otherwise moves it to the next revision, so a correction that
//! raced a send is sent again and replaces what the hub holds.

use crate::calendar::wib;
use crate::clock::{to_stored, Clock};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// One day waiting to go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingDay {
    /// "YYYY-MM-DD", WIB.
    pub day: String,
    pub revision: u32,
    /// The change counter this send carries back to [`acknowledge`].
    pub change_seq: i64,
}

/// The first day the hub accepts; older days (a typo, an ancient import) are never sent.
pub const FIRST_DAY: &str = "2020-01-01";

/// Pending days from [`FIRST_DAY`] up to `today` (WIB), oldest first, at most `limit`. A day
/// still to come (a post scheduled next week) waits until it has begun: the hub refuses
/// future days, and one such day must not hold back the others.
pub fn pending_until(conn: &Connection, today: &str, limit: u32) -> Result<Vec<PendingDay>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, revision, change_seq FROM sync_days
         WHERE pending = 1 AND day >= ?2 AND day <= ?3
         ORDER BY day LIMIT ?1",
    )?;
    let rows = stmt.query_map(rusqlite::params![limit, FIRST_DAY, today], |r| {
        Ok(PendingDay {
            day: r.get(0)?,
            revision: r.get(1)?,
            change_seq: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that these days' current revisions are going on the wire: should the answer be
/// lost, a later change still moves them to a revision the hub has not seen.
pub fn mark_attempted(conn: &Connection, days: &[PendingDay]) -> Result<()> {
    for d in days {
        conn.execute(
            "UPDATE sync_days SET attempted_revision = MAX(COALESCE(attempted_revision, 0), ?2)
             WHERE day = ?1",
            rusqlite::params![d.day, d.revision],
        )?;
    }
    Ok(())
}

/// Marks again every past day whose last acknowledged send happened before the day ended
/// (its end-of-day backlog and overdue counts were not final then), and every completed day
/// since the first one known that has no row yet (a quiet day still has a backlog). Returns
/// how many days were marked.
pub fn mark_unfinished_days(conn: &Connection, today: &str) -> Result<usize> {
    let days: Vec<String> = conn
        .prepare(
            "WITH RECURSIVE span(day) AS (
                 SELECT max(min(day), date(?1, '-60 days')) FROM sync_days WHERE day >= ?2
                 UNION ALL
                 SELECT date(day, '+1 day') FROM span WHERE day < date(?1, '-1 day')
             )
             SELECT day FROM span
             WHERE day IS NOT NULL AND day < ?1
               AND NOT EXISTS (SELECT 1 FROM sync_days s WHERE s.day = span.day)
             UNION
             SELECT day FROM sync_days
             WHERE pending = 0 AND day < ?1 AND day >= ?2
               AND sent_at < day || 'T17:00:00.000Z'",
        )?
        .query_map(rusqlite::params![today, FIRST_DAY], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for day in &days {
        conn.execute("INSERT INTO sync_mark (day) VALUES (?1)", [day])?;
    }
    Ok(days.len())
}

/// Pending days, oldest first, at most `limit` (future and pre-2020 days included; the
/// sync itself uses [`pending_until`]).
pub fn pending(conn: &Connection, limit: u32) -> Result<Vec<PendingDay>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, revision, change_seq FROM sync_days WHERE pending = 1
         ORDER BY day LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(PendingDay {
            day: r.get(0)?,
            revision: r.get(1)?,
            change_seq: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The revision `day` ("YYYY-MM-DD") goes out with now; `None` for a day never marked.
pub fn revision_of(conn: &Connection, day: &str) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT revision FROM sync_days WHERE day = ?1",
            [day],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records the hub's acknowledgement of `sent`. Returns true when the day is now clear;
/// false when it changed while the send was in flight (it stays pending, one revision up).
pub fn acknowledge(conn: &Connection, clock: &dyn Clock, sent: &PendingDay) -> Result<bool> {
    conn.execute(
        "UPDATE sync_days SET
             sent_revision = MAX(COALESCE(sent_revision, 0), ?2),
             sent_at = ?4,
             pending = CASE WHEN change_seq = ?3 THEN 0 ELSE 1 END,
             revision = CASE WHEN change_seq = ?3 THEN revision ELSE MAX(revision, ?2 + 1) END
         WHERE day = ?1",
        params![
            sent.day,
            sent.revision,
            sent.change_seq,
            to_stored(clock.now())
        ],
    )?;
    let pending: i64 = conn.query_row(
        "SELECT pending FROM sync_days WHERE day = ?1",
        [&sent.day],
        |r| r.get(0),
    )?;
    Ok(pending == 0)
}

/// Marks every day from `from` to `to` (WIB, inclusive) that has any drafts, slots or
/// complaints: what a PC that just enrolled sends first. Returns how many days were marked.
pub fn backfill(conn: &Connection, from_day: &str, to_day: &str) -> Result<usize> {
    let from = wib::parse_day("from", from_day)?;
    let to = wib::parse_day("to", to_day)?;
    let (from, to) = (
        to_stored(wib::day_start(from)),
        to_stored(wib::day_end(to)?),
    );
    let tx = crate::store::savepoint(conn)?;
    let days: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT date(at, '+7 hours') FROM (
                 SELECT created_at AS at FROM drafts WHERE created_at >= ?1 AND created_at < ?2
                 UNION ALL SELECT at FROM slots WHERE at >= ?1 AND at < ?2
                 UNION ALL SELECT received_at FROM complaints
                     WHERE received_at >= ?1 AND received_at < ?2
                 UNION ALL SELECT at FROM complaint_replies WHERE at >= ?1 AND at < ?2)",
        )?
        .query_map(params![from, to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for day in &days {
        tx.execute("INSERT INTO sync_mark (day) VALUES (?1)", [day])?;
    }
    tx.finish()?;
    Ok(days.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::{self, DraftInput};
    use crate::FixedClock;
    use time::macros::datetime;

    use crate::test_support::store;

    fn draft(conn: &Connection, clock: &FixedClock) -> i64 {
        drafts::create(
            conn,
            clock,
            &DraftInput {
                title: "Posyandu".into(),
                body: "Isi".into(),
                for_instagram: true,
                ..DraftInput::default()
            },
        )
        .unwrap()
        .id
    }

    #[test]
    fn a_change_marks_its_wib_day_in_the_same_transaction() {
        let (_dir, store) = store();
        let conn = store.conn();
        // 23:30 WIB on 26 November is 16:30 UTC: the WIB day is the 26th.
        let late = FixedClock::new(datetime!(2026-11-26 16:30 UTC));
        draft(conn, &late);
        let days = pending(conn, 10).unwrap();
        assert_eq!(days.len(), 1);
        assert_eq!((days[0].day.as_str(), days[0].revision), ("2026-11-26", 1));
        // 00:30 WIB on the 27th is still the 26th in UTC.
        let early = FixedClock::new(datetime!(2026-11-26 17:30 UTC));
        draft(conn, &early);
        let days: Vec<String> = pending(conn, 10)
            .unwrap()
            .into_iter()
            .map(|d| d.day)
            .collect();
        assert_eq!(days, ["2026-11-26", "2026-11-27"]);

        // A write that rolls back leaves no mark behind.
        let tx = conn.unchecked_transaction().unwrap();
        draft(&tx, &FixedClock::new(datetime!(2026-11-29 02:00 UTC)));
        drop(tx);
        assert_eq!(pending(conn, 10).unwrap().len(), 2);
    }

    #[test]
    fn an_acknowledged_day_changed_later_goes_out_again_one_revision_up() {
        let (_dir, store) = store();
        let conn = store.conn();
        let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
        draft(conn, &clock);
        let sent = pending(conn, 10).unwrap().remove(0);
        assert!(acknowledge(conn, &clock, &sent).unwrap());
        assert!(pending(conn, 10).unwrap().is_empty());
        // A replayed acknowledgement changes nothing.
        assert!(acknowledge(conn, &clock, &sent).unwrap());

        draft(conn, &clock);
        let again = pending(conn, 10).unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].revision, 2);
    }

    #[test]
    fn a_change_during_a_send_keeps_the_day_pending_at_the_next_revision() {
        let (_dir, store) = store();
        let conn = store.conn();
        let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
        draft(conn, &clock);
        let in_flight = pending(conn, 10).unwrap().remove(0);
        draft(conn, &clock); // the admin keeps working while the sync runs
        assert!(!acknowledge(conn, &clock, &in_flight).unwrap());
        let next = pending(conn, 10).unwrap();
        assert_eq!(next.len(), 1);
        assert_eq!(next[0].revision, in_flight.revision + 1);
        assert!(acknowledge(conn, &clock, &next[0]).unwrap());
        assert!(pending(conn, 10).unwrap().is_empty());
    }

    #[test]
    fn bookkeeping_that_changes_no_count_marks_nothing() {
        let (_dir, store) = store();
        let conn = store.conn();
        let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
        let category: i64 = conn
            .query_row("SELECT id FROM complaint_categories LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        crate::complaints::create(
            conn,
            &clock,
            &crate::complaints::ComplaintInput {
                channel: crate::complaints::Channel::Whatsapp,
                source_url: String::new(),
                citizen_name: "Siti".into(),
                citizen_contact: String::new(),
                body: "Jalan rusak".into(),
                received_at_wib: "2026-11-26T09:00".into(),
                kind: crate::complaints::ComplaintKind::Pengaduan,
                category_id: category,
                kecamatan: String::new(),
            },
            "Admin",
        )
        .unwrap();
        for day in pending(conn, 10).unwrap() {
            acknowledge(conn, &clock, &day).unwrap();
        }
        // Deadlines written back unchanged (as after importing the same holidays again).
        crate::complaints::recompute_open_deadlines(conn, &clock).unwrap();
        crate::calendar::mark_missed(conn, &clock).unwrap();
        assert!(pending(conn, 10).unwrap().is_empty());
    }

    fn mark(conn: &Connection, day: &str) {
        conn.execute("INSERT INTO sync_mark (day) VALUES (?1)", [day])
            .unwrap();
    }

    #[test]
    fn days_to_come_and_before_2020_never_hold_back_the_others() {
        let (_dir, store) = store();
        let conn = store.conn();
        for day in ["2019-12-31", "2026-11-25", "2026-11-26", "2026-12-03"] {
            mark(conn, day);
        }
        let days: Vec<String> = pending_until(conn, "2026-11-26", 10)
            .unwrap()
            .into_iter()
            .map(|d| d.day)
            .collect();
        assert_eq!(days, ["2026-11-25", "2026-11-26"]);
        // Next week's post goes once its day has begun.
        let later: Vec<String> = pending_until(conn, "2026-12-03", 10)
            .unwrap()
            .into_iter()
            .map(|d| d.day)
            .collect();
        assert_eq!(later, ["2026-11-25", "2026-11-26", "2026-12-03"]);
    }

    #[test]
    fn a_change_after_a_send_whose_answer_was_lost_goes_out_as_a_new_revision() {
        let (_dir, store) = store();
        let conn = store.conn();
        mark(conn, "2026-11-26");
        let sent = pending_until(conn, "2026-11-26", 10).unwrap();
        mark_attempted(conn, &sent).unwrap();
        // The hub stored r1 but its answer never arrived; then the admin changes the day.
        mark(conn, "2026-11-26");
        let again = pending_until(conn, "2026-11-26", 10).unwrap();
        assert_eq!(again[0].revision, 2, "r1 may already be on the hub");
        // Without a change, the same revision is simply sent again (a harmless replay).
        let (_dir2, store2) = self::store();
        mark(store2.conn(), "2026-11-26");
        let once = pending_until(store2.conn(), "2026-11-26", 10).unwrap();
        mark_attempted(store2.conn(), &once).unwrap();
        assert_eq!(
            pending_until(store2.conn(), "2026-11-26", 10).unwrap()[0].revision,
            1
        );
    }

    #[test]
    fn a_day_sent_before_it_ended_and_a_quiet_day_go_out_after_they_end() {
        let (_dir, store) = store();
        let conn = store.conn();
        mark(conn, "2026-11-24");
        mark(conn, "2026-11-26");
        // Both acknowledged during the 26th, at 10:00 WIB.
        let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
        for day in pending_until(conn, "2026-11-26", 10).unwrap() {
            assert!(acknowledge(conn, &clock, &day).unwrap());
        }
        // On the 27th: the 26th is re-sent with its end-of-day counts, the quiet 25th is
        // sent for the first time, the 24th (acknowledged after it ended) stays done.
        assert_eq!(mark_unfinished_days(conn, "2026-11-27").unwrap(), 2);
        let days: Vec<(String, u32)> = pending_until(conn, "2026-11-27", 10)
            .unwrap()
            .into_iter()
            .map(|d| (d.day, d.revision))
            .collect();
        assert_eq!(
            days,
            [("2026-11-25".to_string(), 1), ("2026-11-26".to_string(), 2)]
        );
    }

    #[test]
    fn backfill_marks_only_days_with_data() {
        let (_dir, store) = store();
        let conn = store.conn();
        draft(conn, &FixedClock::new(datetime!(2026-11-20 02:00 UTC)));
        draft(conn, &FixedClock::new(datetime!(2026-11-22 02:00 UTC)));
        conn.execute("DELETE FROM sync_days", []).unwrap();
        assert_eq!(backfill(conn, "2026-11-01", "2026-11-21").unwrap(), 1);
        let days: Vec<String> = pending(conn, 10)
            .unwrap()
            .into_iter()
            .map(|d| d.day)
            .collect();
        assert_eq!(days, ["2026-11-20"]);
    }
}
