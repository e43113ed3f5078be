//! Error bodies for the OpenAPI document, made from the hub's own errors so the document
//! shows the codes and wording clients really receive.

use crate::device::DeviceName;
use crate::error::Error;
use serde_json::Value;

fn body(error: Error) -> Value {
    serde_json::to_value(error.to_api_error()).unwrap_or_default()
}

pub fn invalid_code() -> Value {
    body(Error::EnrolmentCodeRejected)
}

pub fn invalid_device_name() -> Value {
    DeviceName::parse("").err().map_or(Value::Null, body)
}

pub fn not_json() -> Value {
    body(Error::NotJson)
}

/// Every internal failure answers with the same body, whatever the cause.
pub fn internal() -> Value {
    body(Error::Store(rusqlite::Error::QueryReturnedNoRows))
}
