//! `GET /api/v1/kinerja`: the agency's own kinerja as Diskominfo's dashboard computes it.

use super::auth::Agency;
use super::examples;
use crate::dashboard::kinerja;
use crate::error::Error;
use crate::state::SharedClock;
use crate::store::Store;
use axum::extract::State;
use axum::Json;
use medsos_protocol::{ApiError, Kinerja};

#[utoipa::path(
    get,
    path = "/api/v1/kinerja",
    tag = "kinerja",
    summary = "The agency's own kinerja score, rank and targets",
    description = "For the token's agency only: its kinerja score for the current month (WIB) up to \
        today, its rank among the agencies ranked, each indicator with its value (0 to 1, null \
        where it does not apply), weight and formula, the score of each of the last 8 calendar \
        weeks, and the weekly posting targets and score weights Diskominfo set. The same figures \
        as the agency's line of the dashboard's overview for the month. Medsos PD fetches it at \
        every sync and shows it as \"Kinerja menurut Diskominfo\"; its Beranda plans against \
        these targets.",
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The agency's kinerja.", body = Kinerja),
        (status = 401, description = "No token (`auth.missing_token`), or an unknown or revoked one (`auth.invalid_token`).",
            body = ApiError, example = examples::invalid_token),
        (status = 429, description = "Over the token's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn kinerja(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
) -> Result<Json<Kinerja>, Error> {
    let now = clock.now();
    let found = store
        .run(move |db| kinerja::for_agency(db, agency.agency_id, now))
        .await?;
    Ok(Json(found))
}
