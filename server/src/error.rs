//! The hub's one error type, for the HTTP API and the admin CLI alike.
//!
//! `Display` is the Indonesian sentence a person reads (the CLI prints it to stderr); the
//! single [`IntoResponse`] impl turns it into `ApiError {code, message}` with a status, and
//! keeps internal details (SQLite messages, paths) out of what the network sees.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use medsos_protocol::ApiError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One message for unknown, used and expired codes, so a caller learns nothing about
    /// which codes exist.
    #[error("Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke Diskominfo.")]
    EnrolmentCodeRejected,

    /// A field a person typed breaks a rule; `code` names the field for programs.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        message: &'static str,
    },

    #[error("Kode PD {0} sudah dipakai PD lain. Pilih kode lain; daftar PD ada di `medsos-hub agency list`.")]
    AgencyCodeTaken(String),

    /// The body is not JSON at all; the detail (serde's, in English) is for the developer.
    #[error("Isi permintaan bukan JSON yang sah ({0}).")]
    MalformedJson(String),

    /// The body is JSON but not the shape the endpoint expects, e.g. a missing field.
    #[error("Isi permintaan tidak sesuai bentuk yang diharapkan ({0}).")]
    InvalidBody(String),

    #[error("Permintaan harus dikirim sebagai JSON (Content-Type: application/json).")]
    NotJson,

    /// The body could not be read, e.g. too large; carries the status axum chose.
    #[error("Isi permintaan tidak dapat dibaca.")]
    UnreadableBody(StatusCode),

    /// A value in the request's path that cannot be read at all, e.g. a version that is not
    /// semver; answered 400.
    #[error("{message}")]
    BadPath { code: &'static str, message: String },

    /// A rule about the content of a request, with the offending value named in `message`.
    #[error("{message}")]
    Rejected { code: &'static str, message: String },

    #[error("Permintaan ini memerlukan token PD (Authorization: Bearer TOKEN).")]
    MissingToken,

    /// One answer for unknown and revoked tokens, so a caller learns nothing about which exist.
    #[error("Token PD tidak dikenal atau sudah dicabut. Daftarkan ulang PC dengan kode baru dari Diskominfo.")]
    InvalidToken,

    #[error("Terlalu banyak permintaan dari PC ini. Coba lagi dalam {retry_after_secs} detik.")]
    RateLimited { retry_after_secs: u64 },

    /// A client of the public registry (no token, known by its address) over its budget.
    #[error(
        "Terlalu banyak permintaan dari alamat ini. Coba lagi dalam {retry_after_secs} detik."
    )]
    ClientRateLimited { retry_after_secs: u64 },

    /// Over the limit of the route it was sent to, which the message names.
    #[error("Isi permintaan terlalu besar: batas rute ini {limit_kb} KB.")]
    BodyTooLarge { limit_kb: usize },

    /// The request was not done within `serve --request-timeout-secs`, e.g. its body came
    /// in too slowly.
    #[error("Permintaan tidak selesai dalam {secs} detik. Coba lagi saat jaringan lebih lancar.")]
    RequestTimeout { secs: u64 },

    #[error("Data hari libur tahun {0} belum ada di Medsos Hub.")]
    HolidaysNotAvailable(i32),

    #[error("PD dengan kode {0} tidak ada. Daftar PD ada di `medsos-hub agency list`.")]
    AgencyUnknown(String),

    #[error("Akun {platform} @{handle} sudah tercatat untuk sebuah PD.")]
    AccountTaken {
        platform: &'static str,
        handle: String,
    },

    /// The request clashes with what the hub holds (a second approval, an account listed for
    /// another agency); nothing was changed.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },

    #[error("Berkas {path} tidak dapat dibaca: {detail}")]
    FileRead { path: PathBuf, detail: String },

    #[error("Ekspor gagal: {0}")]
    Export(String),

    #[error("Pencadangan gagal: {0}")]
    Backup(String),

    /// `store copy` failed; the text says what and whether the target was left as it was.
    #[error("Penyalinan ke PostgreSQL gagal: {0}")]
    StoreCopy(String),

    #[error("Alamat {0} tidak ada di Medsos Hub.")]
    NotFound(String),

    #[error("Alamat {path} tidak menerima metode {method}.")]
    MethodNotAllowed { method: String, path: String },

    #[error("Basis data hub {path} tidak dapat dibuka: {detail}")]
    StoreOpen { path: PathBuf, detail: String },

    /// The PostgreSQL store could not be reached or refused us; `target` is the URL without
    /// its password (user@host:port/database), `detail` the reason in Indonesian.
    #[error("Basis data hub PostgreSQL {target} tidak dapat dipakai: {detail}")]
    StoreConnect { target: String, detail: String },

    #[error("Basis data hub gagal menjalankan perintah: {0}")]
    Store(String),

    /// The database server cannot be reached right now (PostgreSQL down or restarting, every
    /// pooled connection broken): answered 503 with `Retry-After`, and the pool reconnects by
    /// itself when the server is back. The detail is for the log.
    #[error("Basis data hub sedang tidak dapat dihubungi: {0}")]
    StoreUnavailable(String),

    #[error("Pekerjaan basis data hub terhenti tak terduga: {0}")]
    StoreTask(#[from] tokio::task::JoinError),

    #[error("Medsos Hub tidak dapat mendengarkan di {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },

    #[error("Medsos Hub tidak dapat memulai runtime: {0}")]
    Runtime(std::io::Error),

    #[error("Berkas kunci rahasia {path} tidak dapat dipakai: {detail}")]
    SecretKey { path: PathBuf, detail: String },

    /// A sealed token that the key file does not open: another key, or an altered value.
    #[error("Token Meta yang tersimpan tidak dapat dibuka dengan berkas kunci ini. Gunakan --secret-key-file yang sama seperti saat `meta connect`, atau sambungkan ulang.")]
    SecretMismatch,

    /// Meta's Graph API answered with an error or could not be reached; `message` is the
    /// Indonesian sentence for the officer (no token in it).
    #[error("{message}")]
    Meta { message: String },

    /// The hub has no Meta connection for what was asked (no `meta connect`, or the agency's
    /// account is not reached by it).
    #[error("{0}")]
    MetaNotConnected(String),
}

impl Error {
    /// The stable, machine-readable code sent as `ApiError.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::EnrolmentCodeRejected => "enrolment.invalid_code",
            Error::Invalid { code, .. }
            | Error::Rejected { code, .. }
            | Error::Conflict { code, .. }
            | Error::BadPath { code, .. } => code,
            Error::MissingToken => "auth.missing_token",
            Error::InvalidToken => "auth.invalid_token",
            Error::RateLimited { .. } | Error::ClientRateLimited { .. } => "request.rate_limited",
            Error::BodyTooLarge { .. } => "request.too_large",
            Error::RequestTimeout { .. } => "request.timeout",
            Error::HolidaysNotAvailable(_) => "holidays.not_available",
            Error::AgencyUnknown(_) => "agency.unknown",
            Error::AccountTaken { .. } => "account.taken",
            Error::MalformedJson(_) => "request.malformed_json",
            Error::InvalidBody(_) => "request.invalid_body",
            Error::NotJson => "request.not_json",
            Error::UnreadableBody(_) => "request.unreadable_body",
            Error::AgencyCodeTaken(_) => "agency.code_taken",
            Error::NotFound(_) => "not_found",
            Error::MethodNotAllowed { .. } => "method_not_allowed",
            Error::StoreOpen { .. }
            | Error::StoreConnect { .. }
            | Error::Store(_)
            | Error::StoreTask(_)
            | Error::FileRead { .. }
            | Error::Export(_)
            | Error::Backup(_)
            | Error::StoreCopy(_)
            | Error::Listen { .. }
            | Error::Runtime(_)
            | Error::SecretKey { .. }
            | Error::SecretMismatch => "internal",
            Error::Meta { .. } => "meta.failed",
            Error::MetaNotConnected(_) => "meta.not_connected",
            Error::StoreUnavailable(_) => "store.unavailable",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::EnrolmentCodeRejected | Error::BadPath { .. } => StatusCode::BAD_REQUEST,
            Error::Invalid { .. } | Error::Rejected { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::MissingToken | Error::InvalidToken => StatusCode::UNAUTHORIZED,
            Error::RateLimited { .. } | Error::ClientRateLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Error::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Error::HolidaysNotAvailable(_) | Error::AgencyUnknown(_) => StatusCode::NOT_FOUND,
            Error::AccountTaken { .. } | Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::AgencyCodeTaken(_) => StatusCode::CONFLICT,
            Error::MalformedJson(_) => StatusCode::BAD_REQUEST,
            Error::InvalidBody(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::UnreadableBody(status) if status.is_client_error() => *status,
            Error::UnreadableBody(_) => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Error::StoreOpen { .. }
            | Error::StoreConnect { .. }
            | Error::Store(_)
            | Error::StoreTask(_)
            | Error::FileRead { .. }
            | Error::Export(_)
            | Error::Backup(_)
            | Error::StoreCopy(_)
            | Error::Listen { .. }
            | Error::Runtime(_)
            | Error::SecretKey { .. }
            | Error::SecretMismatch => StatusCode::INTERNAL_SERVER_ERROR,
            Error::Meta { .. } => StatusCode::BAD_GATEWAY,
            Error::MetaNotConnected(_) => StatusCode::CONFLICT,
            Error::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// When a client should try again after the database could not be reached.
pub const STORE_RETRY_AFTER_SECS: u64 = 5;

/// What every internal failure tells the network; the detail goes to the log only.
const INTERNAL_MESSAGE: &str =
    "Terjadi gangguan di Medsos Hub. Coba lagi beberapa saat lagi; bila berulang, hubungi Diskominfo.";

impl Error {
    /// The body a client receives for this error.
    pub fn to_api_error(&self) -> ApiError {
        let message = if self.status().is_server_error() {
            INTERNAL_MESSAGE.to_owned()
        } else {
            self.to_string()
        };
        ApiError {
            code: self.code().to_owned(),
            message,
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed inside the hub");
        }
        let mut response = (status, Json(self.to_api_error())).into_response();
        let headers = response.headers_mut();
        match self {
            Error::RateLimited { retry_after_secs }
            | Error::ClientRateLimited { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            Error::MissingToken | Error::InvalidToken => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Error::StoreUnavailable(_) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(STORE_RETRY_AFTER_SECS),
                );
            }
            _ => {}
        }
        response
    }
}
