//! What the hub publishes for the PCs to apply at each sync: holidays, the registry of
//! official accounts, and content briefs.

use super::auth::Agency;
use super::examples;
use crate::clock::{format_day, today_wib};
use crate::error::Error;
use crate::state::SharedClock;
use crate::store::{accounts, briefs, holidays, Store};
use axum::extract::{Path, State};
use axum::Json;
use medsos_protocol::{ApiError, BriefList, HolidayList, Registry};
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
    let found = store
        .call(move |conn| holidays::for_year(conn, year))
        .await?;
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
    responses(
        (status = 200, description = "Every agency by code, with its official accounts.", body = Registry),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn registry(State(store): State<Store>) -> Result<Json<Registry>, Error> {
    Ok(Json(store.call(|conn| accounts::registry(conn)).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/briefs",
    tag = "publications",
    summary = "Diskominfo's content briefs",
    description = "Briefs running, coming, or ended within the last 60 days (WIB).",
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
    _agency: Agency,
) -> Result<Json<BriefList>, Error> {
    let since =
        format_day(today_wib(clock.now()).saturating_sub(Duration::days(BRIEFS_ENDED_WITHIN_DAYS)));
    let briefs = store
        .call(move |conn| briefs::ending_since(conn, &since))
        .await?;
    Ok(Json(BriefList { briefs }))
}
