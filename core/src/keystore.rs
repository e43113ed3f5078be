//! Secrets kept in the operating system's credential store, never in a file beside the data:
//! the key of each agency store (SQLCipher) and the hub token of each data folder.
//!
//! Windows keeps them in the Credential Manager (protected by DPAPI under the user's
//! sign-in), Linux in the Secret Service of the desktop session (gnome-keyring, KWallet),
//! through the `keyring` crate. Every entry is under the service name "Medsos PD"; its user
//! name says what it is and which store it belongs to: a PC used for tests or training holds
//! several stores, each with its own key. A store is known by the SHA-256 of its absolute,
//! canonical path: moving the data folder means moving its key too (see
//! [`copy_store_key`]).

use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// The service name of every entry.
pub const SERVICE: &str = "Medsos PD";

/// A store's 256-bit key. Its bytes are never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; 32]);

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreKey(..)")
    }
}

impl StoreKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> StoreKey {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        // ThreadRng: ChaCha12 seeded from the operating system, a CSPRNG.
        rand::rng().fill_bytes(&mut bytes);
        StoreKey(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> StoreKey {
        StoreKey(bytes)
    }

    /// 64 lowercase hex digits, as kept in the credential store.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    pub fn from_hex(text: &str) -> Option<StoreKey> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(StoreKey(bytes))
    }

    /// `PRAGMA key` in SQLCipher's raw-key form: `x'<64 hex>'` is used as the key itself,
    /// with no password derivation (the key is random already), which keeps opening fast.
    pub(crate) fn sqlcipher_key_pragma(&self) -> String {
        format!("PRAGMA key = \"x'{}'\";", self.to_hex())
    }

    /// The same key as a bound value for the `KEY` clause of `ATTACH DATABASE`.
    pub(crate) fn sqlcipher_attach_key(&self) -> String {
        format!("x'{}'", self.to_hex())
    }

    /// The key that seals complaint screenshots in `media/`, derived with HKDF-SHA256 so
    /// the store key itself is used for one thing only.
    pub fn media_key(&self) -> [u8; 32] {
        let hk = Hkdf::<Sha256>::new(None, &self.0);
        let mut okm = [0u8; 32];
        hk.expand(b"medsos-pd media v1", &mut okm)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        okm
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the credential store could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeystoreError {
    /// No credential store can be reached (no Secret Service on Linux, a locked keyring).
    #[error("brankas kredensial sistem tidak dapat dipakai: {0}")]
    Unavailable(String),
    /// The entry is there but does not hold what we wrote (changed by hand or another app).
    #[error("isi brankas kredensial untuk {0} tidak dapat dibaca")]
    Damaged(String),
}

/// The absolute path of `path` with symbolic links resolved where the folder exists, so
/// one store is one entry however its path was written.
fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// `<what>-<first 128 bits of SHA-256 of the canonical path, hex>`.
fn entry_user(what: &str, path: &Path) -> String {
    let digest = Sha256::digest(canonical(path).to_string_lossy().as_bytes());
    format!("{what}-{}", hex(&digest[..16]))
}

/// The credential-store user name of the key of the store at `store_path`.
pub fn store_key_entry(store_path: &Path) -> String {
    entry_user("kunci-data", store_path)
}

/// The credential-store user name of the hub token of the data folder `data_dir`.
pub fn hub_token_entry(data_dir: &Path) -> String {
    entry_user("token-hub", data_dir)
}

fn entry(user: &str) -> Result<keyring::Entry, KeystoreError> {
    keyring::Entry::new(SERVICE, user).map_err(unavailable)
}

fn unavailable(error: keyring::Error) -> KeystoreError {
    KeystoreError::Unavailable(error.to_string())
}

/// The secret stored under `user`, or None when there is no such entry.
pub fn load_secret(user: &str) -> Result<Option<String>, KeystoreError> {
    match entry(user)?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(keyring::Error::BadEncoding(_)) => Err(KeystoreError::Damaged(user.into())),
        Err(e) => Err(unavailable(e)),
    }
}

/// Stores `secret` under `user`, replacing what was there.
pub fn save_secret(user: &str, secret: &str) -> Result<(), KeystoreError> {
    entry(user)?.set_password(secret).map_err(unavailable)
}

/// Removes the entry `user`; an entry that is not there is not an error.
pub fn delete_secret(user: &str) -> Result<(), KeystoreError> {
    match entry(user)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}

/// The key of the store at `store_path`, or None when the credential store has none.
pub fn load_store_key(store_path: &Path) -> Result<Option<StoreKey>, KeystoreError> {
    let user = store_key_entry(store_path);
    match load_secret(&user)? {
        None => Ok(None),
        Some(text) => StoreKey::from_hex(&text)
            .map(Some)
            .ok_or(KeystoreError::Damaged(user)),
    }
}

/// Keeps `key` as the key of the store at `store_path`, and reads it back: a credential
/// store that accepts a write and then forgets it would lose the data.
pub fn save_store_key(store_path: &Path, key: &StoreKey) -> Result<(), KeystoreError> {
    let user = store_key_entry(store_path);
    save_secret(&user, &key.to_hex())?;
    match load_store_key(store_path)? {
        Some(found) if &found == key => Ok(()),
        _ => Err(KeystoreError::Unavailable(
            "kunci yang baru disimpan tidak dapat dibaca kembali".into(),
        )),
    }
}

/// Forgets the key of the store at `store_path` (after the store itself is gone).
pub fn delete_store_key(store_path: &Path) -> Result<(), KeystoreError> {
    delete_secret(&store_key_entry(store_path))
}

/// Gives the store copied or moved to `to` the key of the store at `from` (when it has
/// one); answers whether there was a key to copy.
pub fn copy_store_key(from: &Path, to: &Path) -> Result<bool, KeystoreError> {
    match load_store_key(from)? {
        Some(key) => save_store_key(to, &key).map(|()| true),
        None => Ok(false),
    }
}

/// For tests that need the real credential store: fails, with what to do, when none can be
/// reached, so no such test passes by quietly doing nothing.
#[cfg(test)]
pub(crate) fn require_keyring() {
    // One entry per call: tests run on many threads at once.
    static PROBES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let probe = format!("uji-{}-{n}", std::process::id());
    let reachable = save_secret(&probe, "x").and_then(|()| delete_secret(&probe));
    if let Err(e) = reachable {
        panic!(
            "Tes ini memakai brankas kredensial sungguhan (Secret Service), yang tidak terjangkau: {e}. \
             Jalankan lewat `cargo xtask test` (ia menyalakan dbus dan gnome-keyring-daemon), \
             atau di sesi desktop yang brankasnya terbuka."
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystore_key_hex_round_trip_and_media_key_is_derived() {
        let key = StoreKey::generate();
        assert_eq!(StoreKey::from_hex(&key.to_hex()), Some(key.clone()));
        assert_eq!(key.to_hex().len(), 64);
        assert_ne!(StoreKey::generate(), key, "random keys differ");
        assert_eq!(StoreKey::from_hex("zz"), None);
        assert_eq!(StoreKey::from_hex(&"g".repeat(64)), None);
        assert_eq!(format!("{key:?}"), "StoreKey(..)");
        let media = key.media_key();
        assert_ne!(&media, &key.0, "the media key is not the store key");
        assert_eq!(media, key.media_key(), "derivation is stable");
        // HKDF-SHA256 with an all-zero key: a fixed vector, so the derivation cannot drift
        // (files sealed by one version must open in the next).
        assert_eq!(
            hex(&StoreKey::from_bytes([0; 32]).media_key()),
            hex(&{
                let hk = Hkdf::<Sha256>::new(None, &[0u8; 32]);
                let mut okm = [0u8; 32];
                hk.expand(b"medsos-pd media v1", &mut okm).unwrap();
                okm
            })
        );
    }

    #[test]
    fn keystore_entries_differ_per_store_and_ignore_how_the_path_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a").join("medsos-pd.sqlite3");
        let b = dir.path().join("b").join("medsos-pd.sqlite3");
        std::fs::create_dir_all(a.parent().unwrap()).unwrap();
        std::fs::create_dir_all(b.parent().unwrap()).unwrap();
        assert_ne!(store_key_entry(&a), store_key_entry(&b));
        let roundabout = dir
            .path()
            .join("b")
            .join("..")
            .join("a")
            .join("medsos-pd.sqlite3");
        assert_eq!(store_key_entry(&a), store_key_entry(&roundabout));
        assert_ne!(store_key_entry(&a), hub_token_entry(a.parent().unwrap()));
        assert!(store_key_entry(&a).starts_with("kunci-data-"));
    }

    #[test]
    fn keystore_keeps_copies_and_forgets_a_store_key_in_the_real_credential_store() {
        require_keyring();
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().join("medsos-pd.sqlite3");
        let there = dir.path().join("pindah.sqlite3");
        assert_eq!(load_store_key(&here).unwrap(), None);
        let key = StoreKey::generate();
        save_store_key(&here, &key).unwrap();
        assert_eq!(load_store_key(&here).unwrap(), Some(key.clone()));
        assert!(copy_store_key(&here, &there).unwrap());
        assert_eq!(load_store_key(&there).unwrap(), Some(key));
        delete_store_key(&here).unwrap();
        delete_store_key(&there).unwrap();
        assert_eq!(load_store_key(&here).unwrap(), None);
        assert!(!copy_store_key(&here, &there).unwrap());
        save_secret(&store_key_entry(&here), "bukan kunci").unwrap();
        assert!(matches!(
            load_store_key(&here),
            Err(KeystoreError::Damaged(_))
        ));
        delete_store_key(&here).unwrap();
    }
}
