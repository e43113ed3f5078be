//! Where the hub is and the agency token it gave this PC. The token is a password: it is
//! kept out of the store (which gets copied as a backup) and out of the data folder, in the
//! OS credential store ([`crate::keystore`]). The file beside the store keeps the rest (hub
//! address, agency, device name, when enrolled), readable by the user only. A file written
//! by an earlier version with the token in it is moved over on first read: the token goes
//! to the credential store and is removed from the file.

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

/// The file's content: everything but the token, which only an earlier version wrote here.
#[derive(Debug, Serialize, Deserialize)]
struct CredentialsFile {
    hub_url: String,
    agency_id: i64,
    device_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    enrolled_at: String,
}

fn keystore_error(error: crate::keystore::KeystoreError) -> Error {
    Error::invalid(
        "credentials",
        format!(
            "Token hub tidak dapat dibaca atau disimpan di brankas kredensial sistem ({error}). Masuk kembali ke Windows/desktop lalu coba lagi."
        ),
    )
}

fn write_file(data_dir: &Path, file: &CredentialsFile) -> Result<()> {
    let io = |source| Error::Io {
        what: "Kredensial hub tidak dapat disimpan".into(),
        source,
    };
    crate::private_files::create_private_dir(data_dir).map_err(io)?;
    let bytes = serde_json::to_vec_pretty(file).map_err(|e| io(e.into()))?;
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

/// Saves the credentials: the token in the OS credential store (first, so a file never
/// names an enrolment whose token is lost), the rest in the file beside the store, written
/// atomically and readable and writable by the user only (0600 on Linux; on Windows the
/// per-user app-data folder is already private to the user).
pub fn save_credentials(data_dir: &Path, credentials: &Credentials) -> Result<()> {
    crate::keystore::save_secret(
        &crate::keystore::hub_token_entry(data_dir),
        &credentials.token,
    )
    .map_err(keystore_error)?;
    write_file(
        data_dir,
        &CredentialsFile {
            hub_url: credentials.hub_url.clone(),
            agency_id: credentials.agency_id,
            device_name: credentials.device_name.clone(),
            token: None,
            enrolled_at: credentials.enrolled_at.clone(),
        },
    )
}

/// The saved credentials, or None when this PC has not enrolled. A damaged file, or a
/// token missing from the credential store, is reported, not silently treated as "not
/// enrolled".
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
    let mut file: CredentialsFile = serde_json::from_slice(&bytes).map_err(|_| {
        Error::invalid(
            "credentials",
            format!(
                "Berkas {} rusak. Hapus berkas itu lalu daftarkan PC ini lagi dengan kode dari Diskominfo.",
                path.display()
            ),
        )
    })?;
    let entry = crate::keystore::hub_token_entry(data_dir);
    let token = match file.token.take() {
        // Written by an earlier version: the token moves to the credential store, then
        // leaves the file.
        Some(token) => {
            crate::keystore::save_secret(&entry, &token).map_err(keystore_error)?;
            write_file(data_dir, &file)?;
            token
        }
        None => crate::keystore::load_secret(&entry)
            .map_err(keystore_error)?
            .ok_or_else(|| {
                Error::invalid(
                    "credentials",
                    "Token hub PC ini tidak ditemukan di brankas kredensial pengguna ini (misalnya setelah data disalin dari pengguna atau PC lain). Daftarkan PC ini lagi dengan kode dari Diskominfo.",
                )
            })?,
    };
    Ok(Some(Credentials {
        hub_url: file.hub_url,
        agency_id: file.agency_id,
        device_name: file.device_name,
        token,
        enrolled_at: file.enrolled_at,
    }))
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

    /// Forgets the data folder's token when the test ends.
    struct ForgetToken(std::path::PathBuf);
    impl Drop for ForgetToken {
        fn drop(&mut self) {
            let _ = crate::keystore::delete_secret(&crate::keystore::hub_token_entry(&self.0));
        }
    }

    #[test]
    fn keyring_credentials_round_trip_with_the_token_in_the_credential_store() {
        crate::keystore::require_keyring();
        let dir = tempfile::tempdir().unwrap();
        let _forget = ForgetToken(dir.path().to_path_buf());
        assert_eq!(load_credentials(dir.path()).unwrap(), None);
        let creds = Credentials {
            hub_url: "https://hub.example/".into(),
            agency_id: 7,
            device_name: "PC Admin".into(),
            token: "mpd_0123456789abcdef0123456789abcdef".into(),
            enrolled_at: "2026-11-26T02:00:00Z".into(),
        };
        save_credentials(dir.path(), &creds).unwrap();
        assert_eq!(load_credentials(dir.path()).unwrap(), Some(creds.clone()));
        let file = std::fs::read_to_string(credentials_path(dir.path())).unwrap();
        assert!(!file.contains(&creds.token), "{file}");
        assert!(!file.contains("token"), "{file}");
        assert!(file.contains("https://hub.example/"), "{file}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(credentials_path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The token gone from the credential store: said so, not "not enrolled".
        crate::keystore::delete_secret(&crate::keystore::hub_token_entry(dir.path())).unwrap();
        let err = load_credentials(dir.path()).unwrap_err();
        assert_eq!(err.code(), "invalid.credentials");
        assert!(err.to_string().contains("brankas kredensial"), "{err}");
        std::fs::write(credentials_path(dir.path()), b"{not json").unwrap();
        let err = load_credentials(dir.path()).unwrap_err();
        assert_eq!(err.code(), "invalid.credentials");
    }

    #[test]
    fn keyring_a_token_left_in_the_file_by_an_earlier_version_moves_to_the_credential_store() {
        crate::keystore::require_keyring();
        let dir = tempfile::tempdir().unwrap();
        let _forget = ForgetToken(dir.path().to_path_buf());
        let token = "mpd_fedcba9876543210fedcba9876543210";
        std::fs::write(
            credentials_path(dir.path()),
            format!(
                r#"{{"hub_url":"https://hub.example/","agency_id":3,"device_name":"PC Lama","token":"{token}","enrolled_at":"2026-01-05T02:00:00Z"}}"#
            ),
        )
        .unwrap();
        let loaded = load_credentials(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.token, token);
        assert_eq!(loaded.device_name, "PC Lama");
        let file = std::fs::read_to_string(credentials_path(dir.path())).unwrap();
        assert!(!file.contains(token), "{file}");
        assert_eq!(
            crate::keystore::load_secret(&crate::keystore::hub_token_entry(dir.path())).unwrap(),
            Some(token.to_string())
        );
        assert_eq!(load_credentials(dir.path()).unwrap(), Some(loaded));
    }
}
