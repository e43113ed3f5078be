//! The HTTP API: one module per resource, each handler a small function of typed extractors.

mod enrolments;
mod examples;
mod health;
mod json;
pub mod openapi;

use crate::error::Error;
use crate::state::AppState;
use axum::http::{Method, Uri};
use axum::routing::{get, post};
use axum::Router;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/api/v1/enrolments", post(enrolments::create))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// Unknown paths and methods answer in the same `ApiError` shape as everything else.
async fn not_found(uri: Uri) -> Error {
    Error::NotFound(uri.path().to_owned())
}

async fn method_not_allowed(method: Method, uri: Uri) -> Error {
    Error::MethodNotAllowed {
        method: method.to_string(),
        path: uri.path().to_owned(),
    }
}
