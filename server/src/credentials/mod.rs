//! The secrets an agency's PC holds: the one-time enrolment code it starts with and the
//! device token it keeps. The hub stores only their hashes, so a copy of the database
//! cannot be used to enrol a PC or to speak for an agency.

mod device_token;
mod enrolment_code;
mod hash;

pub use device_token::DeviceToken;
pub use enrolment_code::{EnrolmentCode, ENROLMENT_CODE_LIFETIME};
