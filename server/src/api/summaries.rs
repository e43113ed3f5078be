//! `POST /api/v1/summaries`: an agency's PC sends its pending daily summaries.

use super::auth::Agency;
use super::examples;
use super::json::ApiJson;
use crate::clock::{to_stored, today_wib};
use crate::error::Error;
use crate::state::SharedClock;
use crate::store::Store;
use crate::summary::check_batch;
use axum::extract::State;
use axum::Json;
use medsos_protocol::{ApiError, SummaryBatch, SummaryBatchResult};

#[utoipa::path(
    post,
    path = "/api/v1/summaries",
    tag = "summaries",
    summary = "Send daily summaries",
    description = "Stores up to 60 days of the token's agency, all or none, in one transaction. \
        Idempotent on (agency, PC, day, schema version, revision): a replay writes nothing and answers \
        `unchanged`; a higher revision replaces the one this PC sent before (`replaced`); a lower one \
        is ignored (`ignored_older`, with the revision held). Another PC of the same agency keeps its \
        own summary of the day, and the agency's figures are the sum of its PCs'. The agency and \
        the PC come only from the token. \
        Body at most 256 KB; 60 requests a minute per token.",
    request_body = SummaryBatch,
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "What the hub did with each day, in the order sent.", body = SummaryBatchResult),
        (status = 400, description = "The body is not JSON (`request.malformed_json`).", body = ApiError, example = examples::malformed_json),
        (status = 401, description = "No token (`auth.missing_token`), or an unknown or revoked one (`auth.invalid_token`).",
            body = ApiError, example = examples::invalid_token),
        (status = 413, description = "The body is over 256 KB (`request.too_large`).", body = ApiError, example = examples::too_large),
        (status = 415, description = "The body was not sent as application/json.", body = ApiError, example = examples::not_json),
        (status = 422, description = "The batch breaks a rule; nothing was stored. Codes: `request.invalid_body` (wrong shape, \
            unknown field, negative number), `summary.unsupported_schema_version`, `summary.no_days`, `summary.too_many_days`, \
            `summary.invalid_day`, `summary.day_out_of_range`, `summary.duplicate_day`, `summary.invalid_revision` (0, or above 1,000,000), \
            `summary.count_out_of_range`, `summary.too_many_names`, `summary.invalid_name`.",
            body = ApiError, example = examples::too_many_days),
        (status = 429, description = "Over the token's budget (`request.rate_limited`); the `Retry-After` header says how many seconds to wait.",
            body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside; nothing was stored.", body = ApiError, example = examples::internal),
    )
)]
pub async fn ingest(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(batch): ApiJson<SummaryBatch>,
) -> Result<Json<SummaryBatchResult>, Error> {
    let now = clock.now();
    let days = check_batch(&batch, today_wib(now))?;
    let received_at = to_stored(now);
    let results = store
        .run(move |db| db.ingest_summaries(agency.agency_id, agency.device_id, &days, &received_at))
        .await?;
    Ok(Json(SummaryBatchResult { results }))
}
