//! Failed logins counted in PostgreSQL (see `store::throttle`), shared by every hub process on
//! the database. An attempt reads and changes its keys' counts in one transaction holding a
//! transaction-scoped advisory lock per key, taken in one order (sorted by the key's hash) so
//! two attempts never wait on each other in a circle: attempts on the same name or client, from
//! any process, take turns, and a burst of simultaneous guesses is counted, not raced.
//! Attempts on other keys do not wait at all.

use super::PgStore;
use crate::error::Error;
use crate::store::throttle::{live, sorted, to_nanos, Admit};
use postgres::Transaction;
use time::OffsetDateTime;

/// The advisory lock class of the throttle's keys (two-number locks never meet the migrations'
/// one-number lock).
const LOCK_CLASS: i32 = 0x6c6f_6731; // "log1"

/// Locks `keys` until the transaction ends, one lock per key's hash, in the hashes' order.
fn lock(tx: &mut Transaction<'_>, keys: &[String]) -> Result<(), Error> {
    let hashes: Vec<i32> = tx
        .query(
            "SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h",
            &[&keys],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    for hash in hashes {
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, $2)",
            &[&LOCK_CLASS, &hash],
        )?;
    }
    Ok(())
}

impl PgStore {
    pub fn count_login_failure(
        &self,
        keys: &[String],
        now: OffsetDateTime,
        forget_before: OffsetDateTime,
        admit: Admit<'_>,
    ) -> Result<bool, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock(&mut tx, &sorted(keys))?;
        let rows = tx.query(
            "SELECT key, failures::BIGINT, last_at FROM login_failures WHERE key = ANY($1)",
            &[&keys],
        )?;
        let mut found = vec![None; keys.len()];
        for row in rows {
            let key: String = row.try_get(0)?;
            let failures = live(row.try_get(1)?, row.try_get(2)?, forget_before);
            for (slot, _) in found.iter_mut().zip(keys).filter(|(_, k)| **k == key) {
                *slot = failures;
            }
        }
        if !admit(&found) {
            return Ok(false);
        }
        let counts: Vec<i32> = found
            .iter()
            .map(|f| f.map_or(0, |f| i32::try_from(f.count).unwrap_or(i32::MAX - 1)) + 1)
            .collect();
        tx.execute(
            "INSERT INTO login_failures (key, failures, last_at)
             SELECT k, c, $3 FROM unnest($1::text[], $2::int[]) AS t(k, c)
             ON CONFLICT (key) DO UPDATE
                 SET failures = EXCLUDED.failures, last_at = EXCLUDED.last_at",
            &[&keys, &counts, &to_nanos(now)],
        )?;
        tx.commit()?;
        // Forgotten rows of other keys: deleted as met, skipping any an attempt holds.
        conn.execute(
            "DELETE FROM login_failures WHERE key IN (
                 SELECT key FROM login_failures WHERE last_at < $1
                 LIMIT 1000 FOR UPDATE SKIP LOCKED)",
            &[&to_nanos(forget_before)],
        )?;
        Ok(true)
    }

    pub fn touch_login_failures(&self, keys: &[String], now: OffsetDateTime) -> Result<(), Error> {
        let keys = sorted(keys);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock(&mut tx, &keys)?;
        tx.execute(
            "UPDATE login_failures SET last_at = GREATEST(last_at, $2) WHERE key = ANY($1)",
            &[&keys, &to_nanos(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn give_back_login_failures(
        &self,
        forget: &[String],
        give_back: &[String],
    ) -> Result<(), Error> {
        let mut all = forget.to_vec();
        all.extend_from_slice(give_back);
        let all = sorted(&all);
        let (forget, give_back) = (sorted(forget), sorted(give_back));
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock(&mut tx, &all)?;
        tx.execute("DELETE FROM login_failures WHERE key = ANY($1)", &[&forget])?;
        tx.execute(
            "UPDATE login_failures SET failures = failures - 1
             WHERE key = ANY($1) AND failures > 0",
            &[&give_back],
        )?;
        tx.execute(
            "DELETE FROM login_failures WHERE key = ANY($1) AND failures = 0",
            &[&give_back],
        )?;
        tx.commit()?;
        Ok(())
    }
}
