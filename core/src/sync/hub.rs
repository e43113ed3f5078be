//! Where the hub is and the agency token it gave this PC. The token is a password: it is
//! kept out of the store (which gets copied as a backup) in a file only the user can read.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use url::Url;

/// The credentials file, next to the store.
pub const CREDENTIALS_FILE: &str = "hub-credentials.json";

/// What enrolment gave this PC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The hub's base URL, e.g. "https://medsos.cianjurkab.go.id".
    pub hub_url: String,
    pub agency_id: i64,
    pub device_name: String,
    /// `Authorization: Bearer` token; never logged, never shown.
    pub token: String,
    /// When the PC enrolled (UTC, RFC 3339).
    pub enrolled_at: String,
}

/// Checks a hub address the admin typed: https anywhere, plain http only to this PC (a hub
/// on loopback for tests or a local proxy). Answers the normalised base URL.
pub fn validate_hub_url(text: &str) -> Result<Url> {
    let field = "hub_url";
    let text = text.trim();
    let url = Url::parse(text).map_err(|_| {
        Error::invalid(
            field,
            "Alamat hub tidak terbaca. Tulis lengkap, misalnya https://medsos.cianjurkab.go.id",
        )
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::invalid(
                field,
                "Alamat hub harus memakai https:// agar token dan data tidak terbaca di jaringan.",
            ))
        }
        _ => return Err(Error::invalid(field, "Alamat hub harus diawali https://.")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(field, "Alamat hub tidak punya nama server."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            field,
            "Jangan sertakan nama pengguna atau sandi di alamat hub.",
        ));
    }
    let mut base = url;
    base.set_query(None);
    base.set_fragment(None);
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    Ok(base)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

pub fn credentials_path(data_dir: &Path) -> PathBuf {
    data_dir.join(CREDENTIALS_FILE)
}

/// Saves the credentials atomically, readable and writable by the user only (0600 on
/// Linux; on Windows the per-user app-data folder is already private to the user).
pub fn save_credentials(data_dir: &Path, credentials: &Credentials) -> Result<()> {
    let io = |source| Error::Io {
        what: "Kredensial hub tidak dapat disimpan".into(),
        source,
    };
    crate::private_files::create_private_dir(data_dir).map_err(io)?;
    let bytes = serde_json::to_vec_pretty(credentials).map_err(|e| io(e.into()))?;
    // tempfile creates the file 0600 on Unix; it is renamed over the old one.
    let mut temp = tempfile::Builder::new()
        .prefix(".medsos-hub-")
        .tempfile_in(data_dir)
        .map_err(io)?;
    temp.write_all(&bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(credentials_path(data_dir))
        .map_err(|e| io(e.error))?;
    Ok(())
}

/// The saved credentials, or None when this PC has not enrolled. A damaged file is reported,
/// not silently treated as "not enrolled".
pub fn load_credentials(data_dir: &Path) -> Result<Option<Credentials>> {
    let path = credentials_path(data_dir);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                what: "Kredensial hub tidak dapat dibaca".into(),
                source,
            })
        }
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|_| {
        Error::invalid(
            "credentials",
            format!(
                "Berkas {} rusak. Hapus berkas itu lalu daftarkan PC ini lagi dengan kode dari Diskominfo.",
                path.display()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_plain_http_only_to_this_pc() {
        assert_eq!(
            validate_hub_url(" https://medsos.cianjurkab.go.id ")
                .unwrap()
                .as_str(),
            "https://medsos.cianjurkab.go.id/"
        );
        assert_eq!(
            validate_hub_url("https://hub.example/medsos?x=1")
                .unwrap()
                .as_str(),
            "https://hub.example/medsos/"
        );
        for ok in [
            "http://127.0.0.1:8787",
            "http://localhost:8787/",
            "http://[::1]:8787",
        ] {
            assert!(validate_hub_url(ok).is_ok(), "{ok}");
        }
        for (bad, says) in [
            ("http://10.0.0.5:8787", "https://"),
            ("http://medsos.cianjurkab.go.id", "https://"),
            ("ftp://hub.example", "https://"),
            ("medsos.cianjurkab.go.id", "tidak terbaca"),
            ("https://admin:rahasia@hub.example", "sandi"),
        ] {
            let err = validate_hub_url(bad).unwrap_err();
            assert_eq!(err.code(), "invalid.hub_url", "{bad}");
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn credentials_round_trip_in_a_file_only_the_user_can_read() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_credentials(dir.path()).unwrap(), None);
        let creds = Credentials {
            hub_url: "https://hub.example/".into(),
            agency_id: 7,
            device_name: "PC Admin".into(),
            token: "mpd_0123456789abcdef0123456789abcdef".into(),
            enrolled_at: "2026-11-26T02:00:00Z".into(),
        };
        save_credentials(dir.path(), &creds).unwrap();
        assert_eq!(load_credentials(dir.path()).unwrap(), Some(creds));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(credentials_path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(credentials_path(dir.path()), b"{not json").unwrap();
        let err = load_credentials(dir.path()).unwrap_err();
        assert_eq!(err.code(), "invalid.credentials");
    }
}
