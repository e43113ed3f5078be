//! An official social media account of a PD, as Diskominfo records it for the registry.

use crate::error::Error;
use medsos_protocol::Platform;

/// The account's handle without `@`: 1 to 50 of A-Z, a-z, 0-9, `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(String);

impl Handle {
    pub fn parse(typed: &str) -> Result<Self, Error> {
        let handle = typed.trim().trim_start_matches('@');
        let allowed = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
        if handle.is_empty() || handle.len() > 50 || !handle.chars().all(allowed) {
            return Err(Error::Invalid {
                code: "account.invalid_handle",
                message: "Nama akun harus 1 sampai 50 karakter: huruf, angka, titik, garis bawah, atau tanda hubung.",
            });
        }
        Ok(Handle(handle.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The account's public address on its platform.
    pub fn url(&self, platform: Platform) -> String {
        match platform {
            Platform::Instagram => format!("https://www.instagram.com/{}/", self.0),
            Platform::Facebook => format!("https://www.facebook.com/{}", self.0),
        }
    }
}

/// Reads the platform as the operator typed it.
pub fn parse_platform(typed: &str) -> Result<Platform, Error> {
    Platform::parse(&typed.trim().to_ascii_lowercase()).ok_or(Error::Invalid {
        code: "account.invalid_platform",
        message: "Platform harus instagram atau facebook.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_drops_the_at_sign_and_refuses_spaces() {
        let handle = Handle::parse(" @dinkes.cianjur ").expect("valid");
        assert_eq!(handle.as_str(), "dinkes.cianjur");
        assert_eq!(
            handle.url(Platform::Instagram),
            "https://www.instagram.com/dinkes.cianjur/"
        );
        assert!(Handle::parse("dinkes cianjur").is_err());
        assert!(Handle::parse("@").is_err());
        assert!(parse_platform("Instagram").is_ok());
        assert!(parse_platform("tiktok").is_err());
    }
}
