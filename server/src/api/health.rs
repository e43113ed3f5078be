//! `GET /healthz`: for monitoring and for Medsos PD to tell "hub down" from "no network".

use super::examples;
use crate::error::Error;
use crate::store::Store;
use axum::extract::State;
use axum::Json;
use medsos_protocol::{ApiError, Health};

/// Answers only after the store has answered a query, so "ok" means the hub can work.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "health",
    summary = "Whether the hub and its store answer",
    responses(
        (status = 200, description = "The hub and its store answer.", body = Health),
        (status = 500, description = "The store does not answer.", body = ApiError, example = examples::internal),
    )
)]
pub async fn healthz(State(store): State<Store>) -> Result<Json<Health>, Error> {
    store.run(|db| db.ping()).await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}
