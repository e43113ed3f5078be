//! One-time enrolment codes and the PCs they enrol.

use crate::credentials::{DeviceToken, EnrolmentCode};
use time::OffsetDateTime;

/// A code to hand to the agency's admin; the hub cannot show it again.
#[derive(Debug)]
pub struct IssuedCode {
    pub code: EnrolmentCode,
    pub expires_at: OffsetDateTime,
}

/// A PC that has just enrolled, with the token to give it once.
#[derive(Debug)]
pub struct Enrolled {
    pub agency_id: i64,
    pub token: DeviceToken,
}
