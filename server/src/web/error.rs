//! What a dashboard request that fails shows: an HTML page in Indonesian, or a redirect to the
//! login form. Internal details go to the log, never to the page.

use super::layout;
use crate::error::Error;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

#[derive(Debug)]
pub enum WebError {
    /// No valid session: go to the login form, then back to `return_to`.
    LoginRequired {
        return_to: String,
    },
    /// A form without the session's CSRF token, or from another site.
    Forbidden,
    /// What only an officer who sees every region may do.
    OutOfScope,
    /// What only an admin officer may do, asked by a pemantau.
    NotAdmin,
    NotFound,
    /// Bad input from the officer, said in their language.
    Invalid(String),
    Internal(Error),
}

impl From<Error> for WebError {
    fn from(error: Error) -> Self {
        if error.status().is_server_error() {
            WebError::Internal(error)
        } else {
            WebError::Invalid(error.to_string())
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            WebError::LoginRequired { return_to } => {
                let target = format!("/masuk?lanjut={}", encode_path(&return_to));
                return Redirect::to(&target).into_response();
            }
            WebError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Permintaan ditolak",
                "Formulir ini sudah kedaluwarsa atau tidak berasal dari dasbor. Muat ulang halaman lalu coba lagi.".to_owned(),
            ),
            WebError::OutOfScope => (
                StatusCode::FORBIDDEN,
                "Di luar wilayah Anda",
                "Akun Anda dibatasi pada satu wilayah. Bagian ini mengatur seluruh hub dan hanya dapat diubah petugas yang melihat semua wilayah.".to_owned(),
            ),
            WebError::NotAdmin => (
                StatusCode::FORBIDDEN,
                "Khusus admin",
                "Akun Anda berperan pemantau: Anda dapat melihat dasbor, tetapi mengelola PD, PC dan petugas hanya dapat dilakukan petugas berperan admin. Hubungi admin Diskominfo bila Anda memerlukannya.".to_owned(),
            ),
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Tidak ditemukan",
                "Halaman atau data yang diminta tidak ada.".to_owned(),
            ),
            WebError::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, "Periksa isian", message),
            WebError::Internal(error) => {
                tracing::error!(%error, "dashboard request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Terjadi gangguan",
                    "Terjadi gangguan di Medsos Hub. Coba lagi beberapa saat lagi.".to_owned(),
                )
            }
        };
        let body = layout::bare(
            title,
            html! {
                main.narrow {
                    h1 { (title) }
                    p.error { (message) }
                    p { a href="/dasbor" { "Kembali ke dasbor" } }
                }
            },
        );
        (status, body).into_response()
    }
}

/// Where to go after login: `path` when it is a path on this hub (one leading `/`, visible
/// ASCII only — browsers drop tabs and newlines, so `/\t/evil.example` would become
/// `//evil.example`), the overview otherwise.
pub fn safe_return(path: &str) -> String {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 2000
        && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if ok {
        path.to_owned()
    } else {
        "/dasbor".to_owned()
    }
}

/// A path and query to come back to after login, percent-encoded for a query value. Only
/// paths on this hub are kept, so the login form cannot send anyone elsewhere.
pub fn encode_path(path: &str) -> String {
    safe_return(path)
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_hub_are_returned_to() {
        assert_eq!(
            safe_return("/pd/DINKES?periode=tahun"),
            "/pd/DINKES?periode=tahun"
        );
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example/phish",
            "/\n/evil.example",
            "https://evil.example",
            "",
            "/%09ok-but\\",
        ] {
            assert_eq!(safe_return(hostile), "/dasbor", "{hostile:?}");
        }
    }
}
