//! The kinerja dashboard: HTML pages rendered on the server for Diskominfo's officers.
//!
//! Every page but the login form and the public registry (`/registri`) needs a session ([`session::Officer`]); every form carries the
//! session's CSRF token and every POST is checked against it. Pages are written with `maud`,
//! which escapes every value it inserts, so a hostile agency name or brief text is shown as
//! text, never run. Responses forbid framing, inline script and caching.

mod accounts;
mod admin;
mod agency;
mod briefs;
pub mod chart;
pub mod error;
mod export;
pub mod format;
mod holidays;
mod impersonation_reports;
pub mod inflight;
pub mod layout;
mod login;
mod meta_page;
mod monthly_report;
pub mod overview;
mod regency;
pub mod registry;
mod releases_page;
pub mod session;
mod settings_page;

use crate::state::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

/// The dashboard's stylesheet, screen and print.
const STYLESHEET: &str = include_str!("../../assets/dasbor.css");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/dasbor") }))
        .route("/masuk", get(login::form).post(login::submit))
        .route("/keluar", axum::routing::post(login::logout))
        .route("/dasbor", get(overview::page))
        .route("/static/dasbor.css", get(stylesheet))
        .merge(agency::routes())
        .merge(regency::routes())
        .merge(monthly_report::routes())
        .merge(settings_page::routes())
        .merge(briefs::routes())
        .merge(holidays::routes())
        .merge(export::routes())
        .merge(accounts::routes())
        .merge(impersonation_reports::routes())
        .merge(registry::routes())
        .merge(meta_page::routes())
        .merge(releases_page::routes())
        .merge(admin::routes())
        .layer(middleware::from_fn(security_headers))
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// Headers on every dashboard response: no scripts from anywhere but the hub (and none
/// inline), no framing, no sniffing, and pages with figures are never cached.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
