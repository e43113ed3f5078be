//! A PC enrolled for an agency. Its name is what Diskominfo sees when it asks which PCs
//! speak for a PD, so it is a person's label, e.g. `PC Admin Dinkes`.

use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceName(String);

impl DeviceName {
    pub const MAX_CHARS: usize = 100;

    /// Trimmed, 1 to 100 characters, no control characters.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        let name = typed.trim();
        if name.is_empty() {
            return Err(invalid("Nama perangkat wajib diisi."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(invalid("Nama perangkat paling banyak 100 karakter."));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid(
                "Nama perangkat tidak boleh berisi karakter kontrol seperti baris baru.",
            ));
        }
        Ok(DeviceName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn invalid(message: &'static str) -> Error {
    Error::Invalid {
        code: "enrolment.invalid_device_name",
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_name_is_trimmed() {
        let name = DeviceName::parse("  PC Admin Dinkes\t").expect("valid");
        assert_eq!(name.as_str(), "PC Admin Dinkes");
    }

    #[test]
    fn device_name_must_have_1_to_100_characters() {
        assert!(DeviceName::parse("   ").is_err());
        assert!(DeviceName::parse(&"ñ".repeat(100)).is_ok());
        assert!(DeviceName::parse(&"ñ".repeat(101)).is_err());
        assert!(DeviceName::parse("PC\u{0}Admin").is_err());
    }
}
