//! The JSON body extractor of the API. It is axum's `Json`, except that a body it cannot read
//! is answered as `ApiError` JSON instead of axum's plain-text rejection, so clients only ever
//! parse one error shape, and a body over the limit is told the limit of its own route.

use super::body_limit::BodyLimit;
use crate::error::Error;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        let limit = BodyLimit::of(&request);
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(refusal(rejection, limit)),
        }
    }
}

/// The error for a body axum could not read, `limit` being the route's.
fn refusal(rejection: JsonRejection, limit: BodyLimit) -> Error {
    match rejection {
        JsonRejection::JsonSyntaxError(e) => Error::MalformedJson(serde_detail(&e)),
        JsonRejection::JsonDataError(e) => Error::InvalidBody(serde_detail(&e)),
        JsonRejection::MissingJsonContentType(_) => Error::NotJson,
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::BodyTooLarge {
            limit_kb: limit.kb(),
        },
        other => Error::UnreadableBody(other.status()),
    }
}

/// serde's own words (field, line, column) without axum's "Failed to parse…" preamble.
fn serde_detail(rejection: &dyn std::error::Error) -> String {
    rejection
        .source()
        .map_or_else(|| rejection.to_string(), ToString::to_string)
}
