//! The agency a request speaks for, from `Authorization: Bearer TOKEN` and nothing else, and
//! the request budget of its PC. Extracted before the body, so a request without a valid
//! token, or over its budget, is refused before its body is read. The app version the PC
//! names (`X-Medsos-App-Version`) is recorded on the way, only when it changed.

use crate::credentials::DeviceToken;
use crate::error::Error;
use crate::release::reported_version;
use crate::state::AppState;
use crate::store::devices::Authenticated;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use medsos_protocol::APP_VERSION_HEADER;

/// An enrolled, not revoked PC within its request budget.
#[derive(Debug, Clone, Copy)]
pub struct Agency(pub Authenticated);

impl FromRequestParts<AppState> for Agency {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(Error::MissingToken)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .ok_or(Error::MissingToken)?;
        let hash = DeviceToken::hash_presented(token).ok_or(Error::InvalidToken)?;
        let found = state
            .store
            .run(move |db| db.authenticate_device(&hash))
            .await?
            .ok_or(Error::InvalidToken)?;
        let device = found.device;
        state.limiter.check(device.device_id)?;
        let reported = parts
            .headers
            .get(APP_VERSION_HEADER)
            .and_then(|value| value.to_str().ok())
            .and_then(reported_version);
        // The stored version came with the token's row: a PC naming the same version again
        // costs no write.
        if let Some(version) = reported.filter(|v| found.app_version.as_ref() != Some(v)) {
            let now = state.clock.now();
            state
                .store
                .run(move |db| {
                    db.releases()
                        .record_app_version(device.device_id, &version, now)
                })
                .await?;
        }
        Ok(Agency(device))
    }
}
