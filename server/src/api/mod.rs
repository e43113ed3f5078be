//! The HTTP API: one module per resource, each handler a small function of typed extractors.

mod accounts;
mod auth;
pub mod body_limit;
mod enrolments;
mod examples;
mod health;
mod json;
mod kinerja;
mod meta_inbox;
mod meta_publishing;
pub mod openapi;
mod publications;
pub(crate) use publications::in_region;
mod releases;
mod summaries;

use crate::error::Error;
use crate::state::AppState;
use axum::http::{Method, Uri};
use axum::routing::{delete, get, post, put};
use axum::Router;
use body_limit::{BODY_LIMIT_BYTES, REPORTS_BODY_LIMIT_BYTES};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/api/v1/enrolments", post(enrolments::create))
        .route("/api/v1/summaries", post(summaries::ingest))
        .route("/api/v1/holidays/{year}", get(publications::holidays))
        .route("/api/v1/registry", get(publications::registry))
        .route(
            "/api/v1/accounts",
            post(accounts::replace).get(accounts::states),
        )
        .route("/api/v1/kinerja", get(kinerja::kinerja))
        .route(
            "/api/v1/impersonation-reports",
            body_limit::route(
                post(accounts::impersonation_reports),
                REPORTS_BODY_LIMIT_BYTES,
            ),
        )
        .route("/api/v1/briefs", get(publications::briefs))
        .route(
            "/api/v1/briefs/{brief_id}/attachments/{id}",
            get(publications::brief_attachment),
        )
        .route("/api/v1/brief-fulfilments", post(publications::fulfilments))
        .route("/api/v1/media/{sha256}", put(meta_publishing::put_media))
        .route(
            "/api/v1/publications",
            post(meta_publishing::create_publication).get(meta_publishing::list_publications),
        )
        .route(
            "/api/v1/publications/{id}",
            delete(meta_publishing::withdraw_publication),
        )
        .route("/api/v1/comments", get(meta_inbox::comments))
        .route("/api/v1/comments/ack", post(meta_inbox::ack))
        .route(
            "/api/v1/comment-replies",
            post(meta_inbox::reply).get(meta_inbox::replies),
        )
        .route("/api/v1/meta-posts", get(meta_inbox::posts))
        .route(
            "/api/v1/releases/{target}/{arch}/{current_version}",
            get(releases::manifest),
        )
        .route(
            "/api/v1/releases/files/{id}/{file_name}",
            get(releases::file),
        )
        .route(
            "/m/{sha256}/{expires}/{file}",
            get(meta_publishing::media_for_meta),
        );
    body_limit::router(api, BODY_LIMIT_BYTES)
        .merge(crate::web::router())
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
