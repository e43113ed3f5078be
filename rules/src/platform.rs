//! The social media platforms an agency publishes on.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Instagram or Facebook: on the wire, in both stores and in the UI as `"instagram"` and
/// `"facebook"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Platform {
    Instagram,
    Facebook,
}

impl Platform {
    /// Both, in the order the UI lists them.
    pub const ALL: [Platform; 2] = [Platform::Instagram, Platform::Facebook];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Instagram => "instagram",
            Platform::Facebook => "facebook",
        }
    }

    /// Reads `"instagram"` or `"facebook"` exactly (as stored and sent).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The name people read: "Instagram", "Facebook".
    pub fn label(self) -> &'static str {
        match self {
            Platform::Instagram => "Instagram",
            Platform::Facebook => "Facebook",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_on_the_wire() {
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(p));
            let json = serde_json::to_string(&p).expect("serialises");
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(serde_json::from_str::<Platform>(&json).expect("reads"), p);
        }
        assert_eq!(Platform::parse("Instagram"), None);
    }
}
