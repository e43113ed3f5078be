//! What the hub publishes for the PCs to apply at each sync: holidays, the registry of
//! official accounts, and content briefs.

use super::auth::Agency;
use super::examples;
use super::json::ApiJson;
use crate::brief::{check_fulfilments, download};
use crate::client::ClientAddress;
use crate::clock::{format_day, today_wib};
use crate::error::Error;
use crate::public_limit;
use crate::registry_index::REGISTRY_CACHE;
use crate::state::{AppState, SharedClock};
use crate::store::Store;
use axum::extract::{Path, State};
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use medsos_protocol::{
    ApiError, BriefList, FulfilmentBatch, FulfilmentBatchResult, HolidayList, Registry,
};
use time::Duration;

/// Briefs that ended this many days ago are still sent, so a PC can count briefs fulfilled
/// on days it has yet to resend.
const BRIEFS_ENDED_WITHIN_DAYS: i64 = 60;

#[utoipa::path(
    get,
    path = "/api/v1/holidays/{year}",
    tag = "publications",
    summary = "National holidays and cuti bersama of a year",
    params(("year" = i32, Path, description = "Four-digit year, 2000 to 2100.", example = 2026)),
    responses(
        (status = 200, description = "The year's holidays in date order.", body = HolidayList),
        (status = 404, description = "The hub has no holidays for that year (`holidays.not_available`).", body = ApiError, example = examples::holidays_not_available),
        (status = 422, description = "Not a year from 2000 to 2100 (`holidays.invalid_year`).", body = ApiError, example = examples::invalid_year),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn holidays(
    State(store): State<Store>,
    Path(year): Path<String>,
) -> Result<Json<HolidayList>, Error> {
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y) && year.len() == 4)
        .ok_or(Error::Invalid {
            code: "holidays.invalid_year",
            message: "Tahun harus empat angka, 2000 sampai 2100.",
        })?;
    let found = store.run(move |db| db.holidays_of_year(year)).await?;
    if found.is_empty() {
        return Err(Error::HolidaysNotAvailable(year));
    }
    Ok(Json(HolidayList {
        year,
        holidays: found,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/registry",
    tag = "publications",
    summary = "Official accounts of every agency",
    description = "Public, no token. Every agency not revoked, by code, with the accounts Diskominfo \
        listed for it: what a PC sends is only a claim and is never listed until a Diskominfo \
        officer approves it, so a PC can trust every account here. `verified` is Diskominfo's \
        confirmation that the platform shows the verified badge. Cached by clients for 5 minutes \
        (`Cache-Control: public, max-age=300`); the same list is the page `/registri`. Served from \
        memory, at most 120 requests a minute per client address; a query string over about 2 KB \
        is refused. `?region=32.03` (a regency or city by BPS code) or `?region=32` (a province) \
        lists only the agencies there; a code not in BPS's form is refused with \
        `region.invalid_code`.",
    responses(
        (status = 200, description = "Every agency by code, with its official accounts.", body = Registry),
        (status = 422, description = "The query string is too long (`registry.input_too_long`), or `region` is not a BPS code (`region.invalid_code`).", body = ApiError, example = examples::registry_input_too_long),
        (status = 429, description = "Over the client address's budget (`request.rate_limited`); see `Retry-After`.", body = ApiError, example = examples::client_rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn registry(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    uri: Uri,
) -> Result<Response, Error> {
    public_limit::check_query(uri.query())?;
    state.public_limiter.check(address)?;
    let region = axum::extract::Query::<RegionQuery>::try_from_uri(&uri)
        .map_err(|_| Error::Rejected {
            code: "region.invalid_code",
            message: "Parameter region harus satu kode wilayah BPS, mis. ?region=32.03.".into(),
        })?
        .0
        .region
        .filter(|r| !r.trim().is_empty())
        .map(|r| crate::region::RegionCode::parse(&r))
        .transpose()?;
    let snapshot = state.registry.current(&state.store).await?;
    let json = match region {
        // The whole list is serialized once per change; one region's, per request.
        None => snapshot.json.clone(),
        Some(region) => {
            let agencies: Vec<_> = snapshot
                .agencies
                .iter()
                .filter(|a| in_region(&region, &a.region))
                .cloned()
                .collect();
            serde_json::to_vec(&crate::store::accounts::registry_of(&agencies))
                .map_err(|e| Error::Export(e.to_string()))?
                .into()
        }
    };
    Ok((
        [
            (header::CACHE_CONTROL, REGISTRY_CACHE),
            (header::CONTENT_TYPE, "application/json"),
        ],
        json,
    )
        .into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
struct RegionQuery {
    region: Option<String>,
}

/// Whether an agency of `agency_region` lies in `region` (itself, or a province's).
pub(crate) fn in_region(region: &crate::region::RegionCode, agency_region: &str) -> bool {
    crate::region::RegionCode::parse(agency_region).is_ok_and(|r| region.covers(&r))
}

#[utoipa::path(
    get,
    path = "/api/v1/briefs",
    tag = "publications",
    summary = "Diskominfo's content briefs for the token's agency",
    description = "Briefs running, coming, or ended within the last 60 days (WIB) that are for \
        the token's agency: those addressed to every agency and those addressed to it by name. \
        Each lists its attachments' metadata; fetch a file with \
        `GET /api/v1/briefs/{brief_id}/attachments/{id}`.",
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The briefs by first day.", body = BriefList),
        (status = 401, description = "No token, or an unknown or revoked one.", body = ApiError, example = examples::invalid_token),
        (status = 429, description = "Over the token's budget; see `Retry-After`.", body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn briefs(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
) -> Result<Json<BriefList>, Error> {
    let since =
        format_day(today_wib(clock.now()).saturating_sub(Duration::days(BRIEFS_ENDED_WITHIN_DAYS)));
    let briefs = store
        .run(move |db| db.briefs_for_agency(agency.agency_id, &since))
        .await?;
    Ok(Json(BriefList { briefs }))
}

#[utoipa::path(
    get,
    path = "/api/v1/briefs/{brief_id}/attachments/{id}",
    tag = "publications",
    summary = "A file attached to a brief",
    description = "The file's bytes with its content type (`image/png`, `image/jpeg`, `image/webp`, \
        `application/pdf` or `video/mp4`) and `Content-Disposition: attachment` carrying its name \
        (`filename*=UTF-8''…`). Only for a brief that is for the token's agency; any other answers \
        404 as an unknown one does.",
    params(
        ("brief_id" = i64, Path, description = "The brief's id.", example = 3),
        ("id" = i64, Path, description = "The attachment's id, from the brief's `attachments`.", example = 7),
    ),
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The file. Headers: `Content-Type`, `Content-Length`, \
            `Content-Disposition: attachment; filename=\"…\"; filename*=UTF-8''…`, `X-Content-Type-Options: nosniff`."),
        (status = 401, description = "No token, or an unknown or revoked one.", body = ApiError, example = examples::invalid_token),
        (status = 404, description = "No such attachment on a brief for this agency (`not_found`).", body = ApiError, example = examples::attachment_not_found),
        (status = 429, description = "Over the token's budget; see `Retry-After`.", body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn brief_attachment(
    State(store): State<Store>,
    Agency(agency): Agency,
    Path((brief_id, id)): Path<(String, String)>,
) -> Result<Response, Error> {
    let not_found = || Error::NotFound(format!("/api/v1/briefs/{brief_id}/attachments/{id}"));
    let (Ok(brief), Ok(attachment)) = (brief_id.parse::<i64>(), id.parse::<i64>()) else {
        return Err(not_found());
    };
    let file = store
        .run(move |db| db.brief_attachment_file(brief, attachment, Some(agency.agency_id)))
        .await?
        .ok_or_else(not_found)?;
    Ok(download(file))
}

#[utoipa::path(
    post,
    path = "/api/v1/brief-fulfilments",
    tag = "publications",
    summary = "Report posts that answer briefs",
    description = "Records up to 200 posts the token's agency published in answer to briefs, all \
        or none, in one transaction. Each must answer a brief that exists and is for the agency; \
        its `url` must be `https://` on the platform's own host (Instagram: `instagram.com`, \
        `www.instagram.com`; Facebook: `facebook.com`, `www.facebook.com`, `m.facebook.com`, \
        `web.facebook.com`, `fb.watch`), at most 500 characters; its `day` not before the brief's \
        first day nor after tomorrow (WIB, hub clock). Idempotent on (brief, agency, url): a \
        resend records nothing and counts as `unchanged`. Body at most 256 KB.",
    request_body = FulfilmentBatch,
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "How many posts were new and how many were already held.", body = FulfilmentBatchResult,
            example = json!({"recorded": 1, "unchanged": 0})),
        (status = 400, description = "The body is not JSON (`request.malformed_json`).", body = ApiError, example = examples::malformed_json),
        (status = 401, description = "No token (`auth.missing_token`), or an unknown or revoked one (`auth.invalid_token`).",
            body = ApiError, example = examples::invalid_token),
        (status = 413, description = "The body is over 256 KB (`request.too_large`).", body = ApiError, example = examples::too_large),
        (status = 415, description = "The body was not sent as application/json.", body = ApiError, example = examples::not_json),
        (status = 422, description = "A post breaks a rule; nothing was stored. The message names the post by its \
            position (\"Unggahan ke-2: …\"). Codes: `request.invalid_body` (wrong shape, unknown field or platform), \
            `fulfilment.none`, `fulfilment.too_many`, `fulfilment.invalid_url`, `fulfilment.invalid_day`, \
            `fulfilment.day_out_of_range`, `fulfilment.unknown_brief` (no such brief, or not for this agency).",
            body = ApiError, example = examples::invalid_post_url),
        (status = 429, description = "Over the token's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside; nothing was stored.", body = ApiError, example = examples::internal),
    )
)]
pub async fn fulfilments(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(batch): ApiJson<FulfilmentBatch>,
) -> Result<Json<FulfilmentBatchResult>, Error> {
    let now = clock.now();
    let items = check_fulfilments(&batch, today_wib(now))?;
    let counts = store
        .run(move |db| db.record_fulfilments(agency.agency_id, &items, now))
        .await?;
    Ok(Json(FulfilmentBatchResult {
        recorded: counts.recorded,
        unchanged: counts.unchanged,
    }))
}
