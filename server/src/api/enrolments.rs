//! `POST /api/v1/enrolments`: an agency's PC trades its one-time code for a device token.

use super::examples;
use super::json::ApiJson;
use crate::client::ClientAddress;
use crate::credentials::EnrolmentCode;
use crate::device::DeviceName;
use crate::error::Error;
use crate::rate_limit::EnrolmentThrottle;
use crate::state::SharedClock;
use crate::store::Store;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use medsos_protocol::{ApiError, EnrolmentRequest, EnrolmentResponse};
use std::sync::Arc;

/// The device name is checked before the code is touched, so a typo in it does not use up
/// the code. Wrong codes are counted per client, which waits longer after each one beyond a
/// few ([`crate::rate_limit::ENROLMENT_BACKOFF`]); a refused attempt touches nothing.
#[utoipa::path(
    post,
    path = "/api/v1/enrolments",
    tag = "enrolment",
    summary = "Enrol an agency's PC",
    description = "Trades the one-time code from `medsos-hub agency add` for a device token. \
        The code is accepted in any case, with or without dashes and spaces, once, within 7 days. \
        A PC that names its store (`installation_id`) and was enrolled for the same agency before \
        carries on as that PC: its earlier summaries and account claims move to the new enrolment \
        and the earlier one is revoked, so its days are never counted twice.",
    request_body = EnrolmentRequest,
    responses(
        (status = 201, description = "Enrolled; keep the token, it is not shown again.", body = EnrolmentResponse),
        (status = 400, description = "Unknown, used or expired code (`enrolment.invalid_code`), or a body that is not JSON (`request.malformed_json`).",
            body = ApiError, example = examples::invalid_code),
        (status = 415, description = "The body was not sent as application/json.", body = ApiError, example = examples::not_json),
        (status = 429, description = "Too many wrong codes from this client (`request.rate_limited`); try again after `Retry-After` seconds.",
            body = ApiError, example = examples::rate_limited),
        (status = 422, description = "A field breaks a rule (`enrolment.invalid_device_name`, `enrolment.invalid_installation_id`) or is missing (`request.invalid_body`).",
            body = ApiError, example = examples::invalid_device_name),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn create(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    State(throttle): State<Arc<EnrolmentThrottle>>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<EnrolmentRequest>,
) -> Result<(StatusCode, Json<EnrolmentResponse>), Error> {
    let device = DeviceName::parse(&request.device_name)?;
    let installation =
        match request.installation_id {
            Some(id) if valid_installation_id(&id) => Some(id),
            Some(_) => return Err(Error::Invalid {
                code: "enrolment.invalid_installation_id",
                message:
                    "installation_id harus 8 sampai 64 karakter: huruf, angka atau tanda hubung.",
            }),
            None => None,
        };
    let now = clock.now();
    throttle.begin(address, now)?;
    let redeemed = match EnrolmentCode::parse(&request.code) {
        Some(code) => {
            store
                .run(move |db| db.redeem_enrolment(&code, &device, installation.as_deref(), now))
                .await
        }
        None => Err(Error::EnrolmentCodeRejected),
    };
    match &redeemed {
        Err(Error::EnrolmentCodeRejected) => throttle.failed(address, clock.now()),
        _ => throttle.give_back(address),
    }
    let enrolled = redeemed?;
    Ok((
        StatusCode::CREATED,
        Json(EnrolmentResponse {
            agency_id: enrolled.agency_id,
            token: enrolled.token.into_secret(),
        }),
    ))
}

/// The id of a PC's store: 8 to 64 ASCII letters, digits or dashes (a UUID, as Medsos PD makes).
fn valid_installation_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}
