//! What an agency's PC tells the hub about social media accounts: its official ones (the
//! whole list each sync) and the ones it suspects of impersonating it.

use super::auth::Agency;
use super::examples;
use super::json::ApiJson;
use crate::account::check_list;
use crate::clock::today_wib;
use crate::error::Error;
use crate::impersonation::check_batch;
use crate::state::SharedClock;
use crate::store::Store;
use axum::extract::State;
use axum::Json;
use medsos_protocol::{
    AccountList, AccountListResult, AccountStates, ApiError, ImpersonationReportBatch,
    ReportBatchResult,
};

#[utoipa::path(
    post,
    path = "/api/v1/accounts",
    tag = "accounts",
    summary = "Replace the agency's official accounts",
    description = "The token's agency's official accounts as its admin keeps them in Medsos PD: the whole \
        list each time, at most 20. All or none, in one transaction: it replaces every account \
        this PC (the token's device) sent before; what the agency's other PCs sent stays, and \
        the agency's accounts are the union of its PCs' lists. Accounts Diskominfo recorded \
        itself stay (and keep their `verified` as recorded). Each `handle` must already be in normal form for its platform \
        (lower case, no `@`, a-z 0-9 `.` `_`, Instagram at most 30, Facebook 5 to 50, or \
        `id:<digits>`); its `url` `https://` on `instagram.com` / `facebook.com` (bare or with \
        `www.`, `m.`, `web.`), at most 500 characters, naming the same handle; `display_name` 1 \
        to 100 characters without line breaks; `verification_requested_on` `YYYY-MM-DD`, not \
        after today (WIB). Every account sent is a claim: it is published in the registry only \
        once Diskominfo approves it (see `GET /api/v1/accounts` for where each stands), and the \
        PC's `verified` is shown to Diskominfo as what the agency states, never published. An \
        account another agency also claims (undecided) is accepted and listed in `conflicts`; \
        one Diskominfo listed for another agency is refused (409 `account.listed_elsewhere`) and \
        nothing is changed. Body at most 256 KB.",
    request_body = AccountList,
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The list was stored; conflicts with other agencies, if any.", body = AccountListResult,
            example = json!({"accepted": 2, "conflicts": [
                {"platform": "facebook", "handle": "dinkes.cianjur", "other_agency_code": "RSUD", "other_agency_name": "RSUD Sayang"}
            ]})),
        (status = 400, description = "The body is not JSON (`request.malformed_json`).", body = ApiError, example = examples::malformed_json),
        (status = 401, description = "No token (`auth.missing_token`), or an unknown or revoked one (`auth.invalid_token`).",
            body = ApiError, example = examples::invalid_token),
        (status = 409, description = "An account is listed in the registry for another agency (`account.listed_elsewhere`); nothing was changed.",
            body = ApiError, example = json!({"code": "account.listed_elsewhere", "message": "Akun ke-1: Akun instagram @dinsoscianjur terdaftar resmi milik Dinas Sosial (DINSOS); PD lain tidak dapat mengklaimnya. Bila keliru, Diskominfo menghapus daftar itu dulu."})),
        (status = 413, description = "The body is over 256 KB (`request.too_large`).", body = ApiError, example = examples::too_large),
        (status = 415, description = "The body was not sent as application/json.", body = ApiError, example = examples::not_json),
        (status = 422, description = "An account breaks a rule; nothing was changed. The message names the account by \
            its position (\"Akun ke-2: …\"). Codes: `request.invalid_body` (wrong shape, unknown field or platform), \
            `account.too_many`, `account.invalid_handle` (spaces, characters or length), `account.homoglyph_handle` \
            (letters that only look Latin, e.g. Cyrillic), `account.handle_not_normal`, `account.invalid_url`, \
            `account.url_mismatch`, `account.invalid_display_name`, `account.invalid_day`, `account.duplicate`.",
            body = ApiError, example = examples::homoglyph_account),
        (status = 429, description = "Over the token's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside; nothing was changed.", body = ApiError, example = examples::internal),
    )
)]
pub async fn replace(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(list): ApiJson<AccountList>,
) -> Result<Json<AccountListResult>, Error> {
    let now = clock.now();
    let checked = check_list(&list, today_wib(now))?;
    let result = store
        .run(move |db| {
            db.replace_synced_accounts(agency.agency_id, agency.device_id, &checked, now)
        })
        .await?;
    Ok(Json(result))
}

#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    tag = "accounts",
    summary = "Where the agency's account claims stand with Diskominfo",
    description = "Every account the token's agency claims (sent by any of its PCs, or recorded by \
        Diskominfo), with Diskominfo's decision: `menunggu` (not yet decided, not in the registry), \
        `resmi` (listed; `verified` is Diskominfo's confirmation of the platform's badge), \
        `ditolak` or `dihapus` (with the `reason`). Accounts listed for the agency that no PC \
        sends any more are included as `resmi`. Medsos PD fetches it at every sync.",
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The agency's claims, Instagram first, then by handle.", body = AccountStates),
        (status = 401, description = "No token (`auth.missing_token`), or an unknown or revoked one (`auth.invalid_token`).",
            body = ApiError, example = examples::invalid_token),
        (status = 429, description = "Over the token's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn states(
    State(store): State<Store>,
    Agency(agency): Agency,
) -> Result<Json<AccountStates>, Error> {
    let states = store
        .run(move |db| db.agency_account_states(agency.agency_id))
        .await?;
    Ok(Json(states))
}

#[utoipa::path(
    post,
    path = "/api/v1/impersonation-reports",
    tag = "accounts",
    summary = "Report accounts that impersonate the agency",
    description = "Up to 100 reports of suspected impersonating accounts, all or none, in one transaction, \
        upserted by (agency, `id`). A report the hub holds with the same or a later `updated_at` is left as \
        it is and counted `unchanged`; a later one replaces it (`updated`). `id` 1 to 64 of A-Z a-z 0-9 `-`; \
        `handle` in normal form, or as it reads (its skeleton) when it uses look-alike \
        letters (1 to 100 of a-z 0-9); `url` `https://` on the platform's host as for accounts; `imitates` a handle in normal form \
        or null; `description` 1 to 2,000 characters (trimmed); `first_seen_on` `YYYY-MM-DD` not after today (WIB); \
        `updated_at` UTC `YYYY-MM-DDTHH:MM:SSZ`, at most a day after the hub's clock. Body at most 1 MB.",
    request_body = ImpersonationReportBatch,
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "How many reports were new, replaced, or already held.", body = ReportBatchResult,
            example = json!({"recorded": 1, "updated": 0, "unchanged": 0})),
        (status = 400, description = "The body is not JSON (`request.malformed_json`).", body = ApiError, example = examples::malformed_json),
        (status = 401, description = "No token (`auth.missing_token`), or an unknown or revoked one (`auth.invalid_token`).",
            body = ApiError, example = examples::invalid_token),
        (status = 413, description = "The body is over 1 MB (`request.too_large`).", body = ApiError, example = examples::reports_too_large),
        (status = 415, description = "The body was not sent as application/json.", body = ApiError, example = examples::not_json),
        (status = 422, description = "A report breaks a rule; nothing was stored. The message names the report by its \
            position (\"Laporan ke-2: …\"). Codes: `request.invalid_body` (wrong shape, unknown field, platform or status), \
            `report.none`, `report.too_many`, `report.invalid_id`, `report.duplicate_id`, `report.invalid_handle`, \
            `report.invalid_url`, `report.invalid_imitates`, `report.invalid_description`, `report.invalid_day`, \
            `report.invalid_updated_at`.",
            body = ApiError, example = examples::invalid_report_url),
        (status = 429, description = "Over the token's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside; nothing was stored.", body = ApiError, example = examples::internal),
    )
)]
pub async fn impersonation_reports(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(batch): ApiJson<ImpersonationReportBatch>,
) -> Result<Json<ReportBatchResult>, Error> {
    let now = clock.now();
    let checked = check_batch(&batch, now)?;
    let result = store
        .run(move |db| db.upsert_impersonation_reports(agency.agency_id, &checked, now))
        .await?;
    Ok(Json(result))
}
