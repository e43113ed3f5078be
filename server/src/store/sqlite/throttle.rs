//! Failed logins counted in SQLite (see `store::throttle`). One hub process owns a SQLite
//! file, and the writer's mutex already lets one attempt at a time through; the immediate
//! transaction keeps even a second process (an admin command) from interleaving.

use crate::error::Error;
use crate::store::throttle::{live, sorted, to_nanos, Admit};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

pub fn count(
    conn: &mut Connection,
    keys: &[String],
    now: OffsetDateTime,
    forget_before: OffsetDateTime,
    admit: Admit<'_>,
) -> Result<bool, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "DELETE FROM login_failures WHERE last_at < ?1",
        [to_nanos(forget_before)],
    )?;
    let mut found = Vec::with_capacity(keys.len());
    for key in keys {
        let row: Option<(i64, i64)> = tx
            .prepare_cached("SELECT failures, last_at FROM login_failures WHERE key = ?1")?
            .query_row([key], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        found.push(row.and_then(|(count, last)| live(count, last, forget_before)));
    }
    if !admit(&found) {
        return Ok(false);
    }
    for (key, failures) in keys.iter().zip(&found) {
        let count = failures.map_or(0, |f| i64::from(f.count)) + 1;
        tx.prepare_cached(
            "INSERT INTO login_failures (key, failures, last_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at",
        )?
        .execute(params![key, count, to_nanos(now)])?;
    }
    tx.commit()?;
    Ok(true)
}

pub fn touch(conn: &Connection, keys: &[String], now: OffsetDateTime) -> Result<(), Error> {
    for key in sorted(keys) {
        conn.prepare_cached("UPDATE login_failures SET last_at = max(last_at, ?2) WHERE key = ?1")?
            .execute(params![key, to_nanos(now)])?;
    }
    Ok(())
}

pub fn give_back(
    conn: &mut Connection,
    forget: &[String],
    give_back: &[String],
) -> Result<(), Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for key in sorted(forget) {
        tx.execute("DELETE FROM login_failures WHERE key = ?1", [&key])?;
    }
    for key in sorted(give_back) {
        tx.execute(
            "UPDATE login_failures SET failures = failures - 1 WHERE key = ?1 AND failures > 0",
            [&key],
        )?;
        tx.execute(
            "DELETE FROM login_failures WHERE key = ?1 AND failures = 0",
            [&key],
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use time::macros::datetime;

    fn rows(conn: &Connection) -> i64 {
        conn.query_row("SELECT COUNT(*) FROM login_failures", [], |row| row.get(0))
            .expect("count")
    }

    #[test]
    fn forgotten_failures_are_deleted_as_met_and_refused_attempts_change_nothing() {
        let mut conn = super::super::open(std::path::Path::new(":memory:")).expect("db");
        let start = datetime!(2026-11-26 02:00 UTC);
        let forget = Duration::from_secs(900);
        for i in 0..20 {
            let keys = [format!("c {i}"), format!("n {i}")];
            assert!(count(&mut conn, &keys, start, start - forget, &mut |_| true).expect("count"));
        }
        assert_eq!(rows(&conn), 40);
        let keys = ["c 0".to_owned()];
        let mut seen = Vec::new();
        let admitted = count(&mut conn, &keys, start, start - forget, &mut |found| {
            seen = found.to_vec();
            false
        })
        .expect("count");
        assert!(!admitted);
        assert_eq!(seen[0].map(|f| f.count), Some(1));
        assert_eq!(rows(&conn), 40);
        let later = start + forget + Duration::from_secs(1);
        assert!(
            count(&mut conn, &keys, later, later - forget, &mut |found| {
                found == [None]
            })
            .expect("count")
        );
        assert_eq!(rows(&conn), 1, "only the fresh count is left");
    }
}
