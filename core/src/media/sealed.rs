//! Complaint screenshots sealed at rest.
//!
//! A screenshot of a citizen's comment or message is personal data (UU PDP 27/2022), so in
//! an encrypted store its copy and its preview in `media/` are sealed with XChaCha20-Poly1305
//! under the media key (derived from the store key, see [`crate::keystore::StoreKey::media_key`]):
//! the file is [`MAGIC`], a random 24-byte nonce, then the ciphertext with its tag. Draft
//! photos stay plain: they are made to be published on Instagram and Facebook, and are
//! handed to the hub for publishing as they are.
//!
//! Reading is the same for both: a file that starts with [`MAGIC`] is opened with the key
//! of its media folder, any other file is returned as it is. The key of each media folder
//! is registered when its store is opened encrypted ([`crate::Store::open_encrypted`]); a
//! plain store (tests, tools) registers none and keeps every file plain.

use super::atomic::write_atomically;
use super::files::{io_error, original_path, thumbnail_path};
use super::item::MediaItem;
use crate::error::Result;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The first bytes of a sealed file (never the start of a JPEG, PNG or WebP).
pub const MAGIC: &[u8; 8] = b"MPDSEGL1";
const NONCE_LEN: usize = 24;

/// The settings key that records that the screenshots of an earlier, plain store were
/// sealed (done once, right after the store itself was encrypted).
const SEALED_SETTING: &str = "media.aduan_tersegel";

/// Media folder -> its key, for every store this process opened encrypted.
static KEYS: Mutex<Vec<(PathBuf, [u8; 32])>> = Mutex::new(Vec::new());

/// The folder as one spelling, however its path was written.
fn canonical(media_dir: &Path) -> PathBuf {
    let absolute = std::path::absolute(media_dir).unwrap_or_else(|_| media_dir.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// Makes `key` the media key of `media_dir` in this process.
pub fn register_key(media_dir: &Path, key: [u8; 32]) {
    let dir = canonical(media_dir);
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    keys.retain(|(d, _)| d != &dir);
    keys.push((dir, key));
}

fn key_for(media_dir: &Path) -> Option<[u8; 32]> {
    let dir = canonical(media_dir);
    KEYS.lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(d, _)| d == &dir)
        .map(|(_, k)| *k)
}

pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// `MAGIC || nonce || XChaCha20-Poly1305(plain)`, the magic bound in as associated data.
pub fn seal(key: &[u8; 32], plain: &[u8]) -> Vec<u8> {
    use rand::RngCore;
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: MAGIC,
            },
        )
        .expect("XChaCha20-Poly1305 seals any length a file can have in memory");
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// The plain bytes of a sealed file, or None when the key is wrong or the file was
/// changed or cut short.
pub fn unseal(key: &[u8; 32], sealed: &[u8]) -> Option<Vec<u8>> {
    let rest = sealed.strip_prefix(MAGIC.as_slice())?;
    if rest.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: MAGIC,
            },
        )
        .ok()
}

/// Reads a file of `media_dir` (an original, a preview), unsealing it when it is sealed.
pub fn read_media_file(media_dir: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    if !is_sealed(&bytes) {
        return Ok(bytes);
    }
    let key = key_for(media_dir).ok_or_else(|| {
        std::io::Error::other(
            "berkas ini terenkripsi dan kunci medianya belum tersedia (data belum dibuka)",
        )
    })?;
    unseal(&key, &bytes).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "berkas terenkripsi ini rusak atau dienkripsi dengan kunci lain",
        )
    })
}

/// Writes `bytes` to `path` sealed when `sealed` (and a key is registered), else plain.
pub(super) fn write_media_file(
    media_dir: &Path,
    path: &Path,
    bytes: &[u8],
    sealed: bool,
) -> std::io::Result<()> {
    match key_for(media_dir).filter(|_| sealed) {
        Some(key) => write_atomically(path, &seal(&key, bytes)),
        None => write_atomically(path, bytes),
    }
}

/// True when the file at `path` starts with [`MAGIC`]; false when absent.
pub(super) fn file_is_sealed(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == MAGIC
}

/// Seals the copy and the preview of `item` in place, when its store is encrypted. Files
/// already sealed, or absent (a preview is rebuilt later, sealed), are left alone.
pub fn seal_item(media_dir: &Path, item: &MediaItem) -> Result<()> {
    let Some(key) = key_for(media_dir) else {
        return Ok(());
    };
    for path in [
        original_path(media_dir, item),
        thumbnail_path(media_dir, &item.sha256),
    ] {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(io_error(format!(
                    "Gagal membaca \"{}\" untuk dienkripsi",
                    item.original_name
                ))(e))
            }
        };
        if is_sealed(&bytes) {
            continue;
        }
        write_atomically(&path, &seal(&key, &bytes)).map_err(io_error(format!(
            "Gagal mengenkripsi \"{}\" di folder media",
            item.original_name
        )))?;
    }
    Ok(())
}

/// Seals every complaint screenshot of an encrypted store once (the ones an earlier,
/// plain version left plain); later screenshots are sealed as they are attached. Each file
/// is replaced atomically, so an interruption leaves every file either plain or sealed, and
/// the next open finishes the work.
pub fn seal_complaint_screenshots(conn: &Connection, media_dir: &Path) -> Result<()> {
    if key_for(media_dir).is_none()
        || crate::settings::get_value(conn, SEALED_SETTING)?.as_deref() == Some("1")
    {
        return Ok(());
    }
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT DISTINCT media_id FROM complaint_attachments")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        seal_item(media_dir, &super::get(conn, id)?)?;
    }
    crate::settings::set_value(conn, SEALED_SETTING, "1")
}

/// The media folder of the store `conn` is open on (None for an in-memory store).
pub(crate) fn media_dir_of(conn: &Connection) -> Option<PathBuf> {
    conn.path()
        .filter(|p| !p.is_empty())
        .map(|p| super::media_dir(Path::new(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_seal_round_trip_refuses_a_wrong_key_and_a_changed_file() {
        let key = [7u8; 32];
        let plain = b"tangkapan layar: NIK 3203012345670001".to_vec();
        let sealed = seal(&key, &plain);
        assert!(is_sealed(&sealed));
        assert!(!sealed.windows(12).any(|w| w == b"NIK 32030123"));
        assert_eq!(unseal(&key, &sealed).as_deref(), Some(plain.as_slice()));
        assert_ne!(seal(&key, &plain), sealed, "a fresh nonce every time");
        assert_eq!(unseal(&[8u8; 32], &sealed), None);
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(unseal(&key, &changed), None);
        assert_eq!(unseal(&key, &sealed[..MAGIC.len() + 10]), None);
    }
}
