//! How a sync step reaches the store ([`StoreAccess`]), so that one sync serves the command
//! line, which holds the connection throughout, and the window, which locks the store for
//! each step only.

use crate::error::Result;
use rusqlite::Connection;

/// Runs `f` on the store: the whole connection for the command line, a short lock for the
/// window (which must not hold the store during network I/O). Errors come back in words.
pub trait StoreAccess {
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T>,
    ) -> std::result::Result<T, String>;

    /// The same for a step whose core function opens its own transaction and so takes the
    /// connection mutably (the holiday import).
    fn with_conn_mut<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, String>;
}

impl StoreAccess for Connection {
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T>,
    ) -> std::result::Result<T, String> {
        f(self).map_err(|e| e.to_string())
    }

    fn with_conn_mut<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, String> {
        f(self).map_err(|e| e.to_string())
    }
}
