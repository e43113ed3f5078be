//! `GET /api/openapi.json`: the API described from the code itself, so it cannot drift.

use super::{
    accounts, enrolments, health, kinerja, meta_inbox, meta_publishing, publications, releases,
    summaries,
};
use axum::Json;
use std::collections::BTreeMap;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, RefOr, Schema};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Medsos Hub",
        description = "Server Diskominfo Kabupaten Cianjur: mendaftarkan PC Perangkat Daerah dan menerima ringkasan hariannya."
    ),
    paths(
        health::healthz,
        enrolments::create,
        summaries::ingest,
        publications::holidays,
        publications::registry,
        publications::briefs,
        publications::brief_attachment,
        publications::fulfilments,
        accounts::replace,
        accounts::states,
        accounts::impersonation_reports,
        kinerja::kinerja,
        meta_publishing::put_media,
        meta_publishing::create_publication,
        meta_publishing::list_publications,
        meta_publishing::withdraw_publication,
        meta_inbox::comments,
        meta_inbox::ack,
        meta_inbox::reply,
        meta_inbox::replies,
        meta_inbox::posts,
        releases::manifest,
        releases::file,
        openapi_json
    ),
    modifiers(&AgencyTokenScheme, &InlineSchemaExamples),
    tags(
        (name = "health", description = "Whether the hub and its store answer."),
        (name = "enrolment", description = "Enrolling an agency's PC with a one-time code."),
        (name = "summaries", description = "Agencies' end-of-day summaries: counts and durations only."),
        (name = "publications", description = "Holidays, the registry of official accounts, content briefs with their attachments, and the posts that answer them."),
        (name = "accounts", description = "An agency's official accounts and the accounts it reports for impersonating it."),
        (name = "kinerja", description = "The agency's own kinerja as Diskominfo scores it, with the targets and weights."),
        (name = "meta-publishing", description = "Terhubung ke Meta: photos and scheduled slots the hub publishes on the agency's connected accounts at their time, and their states."),
        (name = "meta-inbox", description = "Terhubung ke Meta: comments on the agency's posts for its inbox, replies the hub posts, and the posts' figures from Meta."),
        (name = "releases", description = "App releases for Medsos PD's updater (tauri-plugin-updater v2): the newest release for a platform and its signed artifact. Public, no token."),
        (name = "meta", description = "This document."),
    )
)]
pub struct ApiDoc;

#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI document of this hub.", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<Document> {
    Json(ApiDoc::openapi())
}

/// `Authorization: Bearer mpd_…`, the token `POST /api/v1/enrolments` returns.
struct AgencyTokenScheme;

impl Modify for AgencyTokenScheme {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "agency_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("mpd_ and 32 hex digits")
                    .description(Some(
                        "The agency's device token from enrolment. A request with it may also \
                         name the app's version in `X-Medsos-App-Version` (semver, at most 32 \
                         characters); the hub records it when it changed, for the dashboard's /rilis.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Copies each schema's example next to every request and response body that uses it.
///
/// utoipa puts a body's schema in by reference, so the example written once on the protocol
/// type stays in `components` where many tools do not look. Inlining it here means a new
/// endpoint gets its examples from the types it uses, with nothing to keep in sync by hand.
struct InlineSchemaExamples;

impl Modify for InlineSchemaExamples {
    fn modify(&self, openapi: &mut Document) {
        let schemas = openapi
            .components
            .as_ref()
            .map(|components| components.schemas.clone())
            .unwrap_or_default();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                if let Some(body) = operation.request_body.as_mut() {
                    body.content
                        .values_mut()
                        .for_each(|content| inline_example(content, &schemas));
                }
                for response in operation.responses.responses.values_mut() {
                    if let RefOr::T(response) = response {
                        response
                            .content
                            .values_mut()
                            .for_each(|content| inline_example(content, &schemas));
                    }
                }
            }
        }
    }
}

fn inline_example(content: &mut Content, schemas: &BTreeMap<String, RefOr<Schema>>) {
    if content.example.is_some() || !content.examples.is_empty() {
        return;
    }
    let schema = match &content.schema {
        Some(RefOr::Ref(reference)) => reference
            .ref_location
            .strip_prefix("#/components/schemas/")
            .and_then(|name| schemas.get(name)),
        inline => inline.as_ref(),
    };
    if let Some(RefOr::T(Schema::Object(object))) = schema {
        content.example = object
            .examples
            .first()
            .cloned()
            .or_else(|| object.example.clone());
    }
}
