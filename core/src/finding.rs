//! A finding of a rule check: what the editor shows inline, where the problem is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How bad a finding is: a warning lets the admin go on, an error blocks approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

/// One problem found by a check, in the admin's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    pub level: Level,
    /// Stable code for tests and translations, e.g. "instagram.too_many_hashtags".
    pub code: String,
    /// Where to show it: a field ("body", "instagram_text", "hashtags", "source", "media").
    pub field: String,
    pub message: String,
}

impl Finding {
    pub fn warning(code: &str, field: &str, message: impl Into<String>) -> Finding {
        Finding {
            level: Level::Warning,
            code: code.into(),
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn error(code: &str, field: &str, message: impl Into<String>) -> Finding {
        Finding {
            level: Level::Error,
            code: code.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}
