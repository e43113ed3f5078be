//! The hub's secret key, kept in a file outside the database (`--secret-key-file`): it seals
//! Meta's tokens at rest and signs the media links Meta fetches. A copy of the database alone
//! (a backup, a stolen disk image of the data folder) then holds no usable token.
//!
//! The file holds 32 random bytes as 64 hex characters. It is created with mode 0600 when
//! absent; an existing file with any other content is refused rather than replaced, since
//! replacing it would make every sealed token unreadable.

use crate::error::Error;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use std::path::{Path, PathBuf};

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;
/// Marks a sealed value, so a plain token pasted into the column is never taken for one.
const SEALED_PREFIX: &str = "v1.";

#[derive(Clone)]
pub struct SecretKey {
    bytes: [u8; KEY_BYTES],
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

fn key_problem(path: &Path, detail: impl Into<String>) -> Error {
    Error::SecretKey {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

impl SecretKey {
    /// Reads the key at `path`, or creates it (0600, its folder too) when the file is absent.
    pub fn load_or_create(path: &Path) -> Result<SecretKey, Error> {
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SecretKey::create(path),
            Err(e) => Err(key_problem(path, e.to_string())),
        }
    }

    /// Reads an existing key; a missing file is an error (the admin commands must not make a
    /// new key beside a database whose tokens were sealed with another).
    pub fn load(path: &Path) -> Result<SecretKey, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            key_problem(
                path,
                if e.kind() == std::io::ErrorKind::NotFound {
                    "berkas kunci tidak ada; jalankan `medsos-hub meta connect` dengan --secret-key-file yang sama seperti `serve`".to_owned()
                } else {
                    e.to_string()
                },
            )
        })?;
        SecretKey::parse(path, &text)
    }

    fn parse(path: &Path, text: &str) -> Result<SecretKey, Error> {
        let text = text.trim();
        let problem = || {
            key_problem(
                path,
                "isinya bukan kunci Medsos Hub (64 karakter heksadesimal); berkas tidak diubah",
            )
        };
        if text.len() != KEY_BYTES * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(problem());
        }
        let mut bytes = [0u8; KEY_BYTES];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).map_err(|_| problem())?;
        }
        Ok(SecretKey { bytes })
    }

    fn create(path: &Path) -> Result<SecretKey, Error> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| key_problem(path, e.to_string()))?;
        }
        let bytes: [u8; KEY_BYTES] = rand::rng().random();
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(path)
            .map_err(|e| key_problem(path, e.to_string()))?;
        use std::io::Write;
        file.write_all(format!("{text}\n").as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| key_problem(path, e.to_string()))?;
        tracing::info!(path = %path.display(), "secret key created");
        Ok(SecretKey { bytes })
    }

    /// A key for tests and in-process tools.
    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> SecretKey {
        SecretKey { bytes }
    }

    /// A subkey for one purpose, so the sealing key and the signing key differ.
    fn subkey(&self, purpose: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.bytes).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Seals `plain` (a token): `v1.` + base64url(nonce ‖ ciphertext).
    pub fn seal(&self, plain: &str) -> String {
        let cipher = XChaCha20Poly1305::new(&self.subkey("seal").into());
        let nonce_bytes: [u8; NONCE_BYTES] = rand::rng().random();
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce_bytes), plain.as_bytes())
            .expect("encryption of a short text cannot fail");
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens what [`SecretKey::seal`] made. Fails (with no detail of the content) when the
    /// value was sealed with another key or altered.
    pub fn open(&self, sealed: &str) -> Result<String, Error> {
        let wrong = || Error::SecretMismatch;
        let body = sealed.strip_prefix(SEALED_PREFIX).ok_or_else(wrong)?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| wrong())?;
        if bytes.len() <= NONCE_BYTES {
            return Err(wrong());
        }
        let (nonce, text) = bytes.split_at(NONCE_BYTES);
        let cipher = XChaCha20Poly1305::new(&self.subkey("seal").into());
        let plain = cipher
            .decrypt(XNonce::from_slice(nonce), text)
            .map_err(|_| wrong())?;
        String::from_utf8(plain).map_err(|_| wrong())
    }

    /// A MAC over `message` for links that must not be guessable or alterable.
    pub fn sign(&self, message: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.subkey("media-link")).expect("key");
        mac.update(message.as_bytes());
        URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..20])
    }

    /// Whether `signature` is [`SecretKey::sign`] of `message`, compared in constant time.
    pub fn verify(&self, message: &str, signature: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.subkey("media-link")).expect("key");
        mac.update(message.as_bytes());
        mac.verify_truncated_left(&given).is_ok() && given.len() == 20
    }
}

/// The default key file: beside the database, `<db>.key`.
pub fn default_key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".key");
    db.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_tokens_open_with_the_same_key_only() {
        let key = SecretKey::from_bytes([7; 32]);
        let sealed = key.seal("EAAB-token");
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("EAAB"));
        assert_eq!(key.open(&sealed).expect("opens"), "EAAB-token");
        assert_ne!(key.seal("EAAB-token"), sealed, "a fresh nonce each time");
        let other = SecretKey::from_bytes([8; 32]);
        assert!(other.open(&sealed).is_err());
        assert!(
            key.open("EAAB-token").is_err(),
            "a plain token is not sealed"
        );
        let mut altered = sealed.clone();
        altered.push('A');
        assert!(key.open(&altered).is_err());
    }

    #[test]
    fn the_key_file_is_created_0600_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub/hub.key");
        let first = SecretKey::load_or_create(&path).expect("created");
        let again = SecretKey::load_or_create(&path).expect("read");
        assert_eq!(first.bytes, again.bytes);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not a key").expect("write");
        let problem = SecretKey::load_or_create(&path).expect_err("refused");
        assert!(problem.to_string().contains("bukan kunci"), "{problem}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("kept"),
            "not a key",
            "never replaced"
        );
        assert!(SecretKey::load(&dir.path().join("none.key")).is_err());
    }

    #[test]
    fn signatures_verify_and_resist_tampering() {
        let key = SecretKey::from_bytes([1; 32]);
        let signature = key.sign("abc|123");
        assert!(key.verify("abc|123", &signature));
        assert!(!key.verify("abc|124", &signature));
        assert!(!SecretKey::from_bytes([2; 32]).verify("abc|123", &signature));
        assert!(!key.verify("abc|123", "short"));
    }
}
