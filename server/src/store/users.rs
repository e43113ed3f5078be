//! Diskominfo's dashboard officers: names, passwords, sessions.

use crate::error::Error;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::Duration;

/// How long a session lasts from login: one working day. Then the officer logs in again.
pub const SESSION_LIFETIME: Duration = Duration::hours(8);

/// A password an officer chose: 10 to 128 characters, not only spaces.
pub fn check_password(password: &str) -> Result<(), Error> {
    let length = password.chars().count();
    if !(10..=128).contains(&length) || password.trim().is_empty() {
        return Err(Error::Invalid {
            code: "user.weak_password",
            message: "Kata sandi harus 10 sampai 128 karakter.",
        });
    }
    Ok(())
}

/// A user name: 3 to 40 of a-z, 0-9, `.`, `_`, `-` (compared without case).
pub fn check_username(username: &str) -> Result<String, Error> {
    let username = username.trim().to_lowercase();
    let ok = (3..=40).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !ok {
        return Err(Error::Invalid {
            code: "user.invalid_username",
            message: "Nama pengguna harus 3 sampai 40 huruf kecil, angka, titik, garis bawah atau tanda hubung.",
        });
    }
    Ok(username)
}

pub fn hash_password(password: &str) -> Result<String, Error> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Export(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Export(format!("kata sandi tidak dapat di-hash: {e}")))
}

/// Checks `password` against a stored hash; a damaged hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash of a password nobody knows, checked when the user name is unknown so that a wrong
/// name takes as long to refuse as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy-password-nobody-has").unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub disabled: bool,
    /// What the officer sees, as stored: `all` or a region's BPS code (see `region::Scope`).
    pub scope: String,
    /// What the officer may do.
    pub role: Role,
}

/// A logged-in officer, as a request sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    pub display_name: String,
    pub csrf_token: String,
    /// The officer's scope as stored: `all` or a region's BPS code.
    pub scope: String,
    /// The officer's user name, as the audit log names them.
    pub username: String,
    pub role: Role,
}

/// What an officer may do on the dashboard. An `admin` registers agencies, issues enrolment
/// codes, revokes PCs and manages officers; a `pemantau` (viewer) reads the pages and changes
/// nothing of the hub's set-up. Officers from before roles are admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Pemantau,
}

impl Role {
    /// Reads `admin` or `pemantau` (without case, around spaces).
    pub fn parse(text: &str) -> Result<Role, Error> {
        match text.trim().to_lowercase().as_str() {
            "admin" => Ok(Role::Admin),
            "pemantau" => Ok(Role::Pemantau),
            _ => Err(Error::Invalid {
                code: "user.invalid_role",
                message: "Peran harus admin atau pemantau.",
            }),
        }
    }

    /// As stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Pemantau => "pemantau",
        }
    }

    /// A stored role; anything else reads as the weaker one, so a damaged row grants nothing.
    pub fn from_stored(text: &str) -> Role {
        if text == "admin" {
            Role::Admin
        } else {
            Role::Pemantau
        }
    }
}

/// An officer to add, with what they may do and see, written in one transaction.
#[derive(Debug, Clone)]
pub struct NewOfficer<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub role: Role,
    pub scope: &'a crate::region::Scope,
}

/// Refuses to leave the hub without an active admin: the last one cannot be disabled or
/// made a pemantau, or nobody could manage officers from the dashboard again.
pub fn last_admin(username: &str) -> Error {
    Error::Rejected {
        code: "user.last_admin",
        message: format!(
            "{} adalah satu-satunya admin aktif. Jadikan petugas lain admin lebih dulu.",
            username.trim()
        ),
    }
}

/// A scope naming a region the hub does not have.
pub fn unknown_region(region: &crate::region::RegionCode) -> Error {
    Error::Rejected {
        code: "region.unknown",
        message: format!(
            "Wilayah {} belum terdaftar. Tambahkan dengan `medsos-hub region add`, atau lihat `medsos-hub region list`.",
            region.as_str()
        ),
    }
}

/// A fresh random token, 32 bytes as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_is_admin_or_pemantau_and_a_damaged_one_grants_nothing() {
        assert_eq!(Role::parse(" Admin ").expect("admin"), Role::Admin);
        assert_eq!(Role::parse("pemantau").expect("viewer"), Role::Pemantau);
        for bad in ["", "raja", "viewer", "admin2"] {
            let refused = Role::parse(bad).expect_err(bad).to_string();
            assert_eq!(refused, "Peran harus admin atau pemantau.");
        }
        assert_eq!(Role::from_stored("admin"), Role::Admin);
        assert_eq!(Role::from_stored("ADMIN"), Role::Pemantau);
        assert_eq!(Role::from_stored(""), Role::Pemantau);
    }
}
