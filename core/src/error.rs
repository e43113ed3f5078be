//! The one error type of the core, and the `{code, message}` shape it takes across IPC.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong when the admin works with the store. Every variant carries a message
/// an admin can act on, in Indonesian; the UI may translate by `code`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input the admin typed breaks a rule; `field` names the form field it belongs to.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{what} tidak ditemukan.")]
    NotFound { what: &'static str },
    #[error("Profil instansi belum diisi.")]
    ProfileMissing,
    #[error("Gagal menyimpan ke basis data lokal: {0}")]
    Database(#[from] rusqlite::Error),
    /// The hub could not be reached or did not answer (no network, refused, timed out, or
    /// a server error): a network problem, not a mistake in what the admin typed.
    #[error("{message}")]
    Network { message: String },
    /// A file could not be read or written; `what` says which, in the admin's words.
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// A backup could not be made, read or restored; `problem` says why (for the UI and
    /// tests), `message` says it to the admin. The current store is never touched by one.
    #[error("{message}")]
    Backup {
        problem: crate::backup::BackupProblem,
        message: String,
    },
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            message: message.into(),
        }
    }

    /// A stable machine-readable code: the UI keys translations and tests on it.
    pub fn code(&self) -> String {
        match self {
            Error::Invalid { field, .. } => format!("invalid.{field}"),
            Error::NotFound { .. } => "not_found".into(),
            Error::ProfileMissing => "profile_missing".into(),
            Error::Database(_) => "database".into(),
            Error::Network { .. } => "network".into(),
            Error::Io { .. } => "io".into(),
            Error::Backup { problem, .. } => format!("backup.{}", problem.as_str()),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

/// How an error crosses the IPC boundary: `code` for programs, `message` for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
}

/// So a command can answer a core error with `?`; the IPC error type lives here, next to
/// the error it carries, because the shell may not implement a core trait for a core type.
impl From<Error> for ErrorPayload {
    fn from(error: Error) -> Self {
        error.payload()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_input_serialises_as_code_and_message() {
        let json = serde_json::to_value(Error::invalid("title", "Judul wajib diisi.").payload())
            .expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid.title", "message": "Judul wajib diisi."})
        );
    }

    #[test]
    fn question_mark_turns_a_core_error_into_its_payload() {
        fn command() -> std::result::Result<(), ErrorPayload> {
            Err(Error::NotFound { what: "Draf" })?;
            Ok(())
        }
        assert_eq!(
            command(),
            Err(ErrorPayload {
                code: "not_found".into(),
                message: "Draf tidak ditemukan.".into(),
            })
        );
    }
}
