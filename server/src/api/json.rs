//! The JSON body extractor of the API. It is axum's `Json`, except that a body it cannot read
//! is answered as `ApiError` JSON instead of axum's plain-text rejection, so clients only ever
//! parse one error shape.

use crate::error::Error;
use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequest;
use axum::http::StatusCode;

#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(Error))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for Error {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => Error::MalformedJson(serde_detail(&e)),
            JsonRejection::JsonDataError(e) => Error::InvalidBody(serde_detail(&e)),
            JsonRejection::MissingJsonContentType(_) => Error::NotJson,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::BodyTooLarge {
                limit_kb: super::BODY_LIMIT_BYTES / 1024,
            },
            other => Error::UnreadableBody(other.status()),
        }
    }
}

/// serde's own words (field, line, column) without axum's "Failed to parse…" preamble.
fn serde_detail(rejection: &dyn std::error::Error) -> String {
    rejection
        .source()
        .map_or_else(|| rejection.to_string(), ToString::to_string)
}
