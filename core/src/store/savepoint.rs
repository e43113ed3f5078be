//! Savepoints: a unit of work that nests inside a caller's transaction.

use crate::error::Result;
use rusqlite::Connection;

/// A savepoint: a transaction of its own when none is open, or a nested one inside the
/// caller's, so the same function serves a settings change on its own and an import that
/// is all or nothing. Dropped without [`Scope::finish`], it rolls back.
pub(crate) struct Scope<'c> {
    conn: &'c Connection,
    name: Option<&'static str>,
}

pub(crate) fn savepoint(conn: &Connection) -> Result<Scope<'_>> {
    const NAME: &str = "unit";
    if conn.is_autocommit() {
        // A store opened with its check deferred holds writes until the check has passed;
        // a transaction that reads before it writes would be refused the lock outright.
        super::check::settle_for(conn);
    }
    conn.execute_batch(&format!("SAVEPOINT {NAME}"))?;
    Ok(Scope {
        conn,
        name: Some(NAME),
    })
}

impl std::ops::Deref for Scope<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Scope<'_> {
    /// Keeps what was done. When the RELEASE itself fails (as the outermost savepoint it is
    /// the COMMIT, which a deferred constraint or a busy disk can refuse) the work is rolled
    /// back and the savepoint closed before the error is returned: left open, every later
    /// statement on this connection would run inside a transaction nobody commits.
    pub(crate) fn finish(mut self) -> Result<()> {
        if let Some(name) = self.name.take() {
            if let Err(e) = self.conn.execute_batch(&format!("RELEASE {name}")) {
                let _ = self
                    .conn
                    .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"));
                return Err(e.into());
            }
        }
        Ok(())
    }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        if let Some(name) = self.name.take() {
            let _ = self
                .conn
                .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"));
        }
    }
}
