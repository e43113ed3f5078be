//! The artifacts' signatures, made with the Tauri updater key (minisign). Tauri writes both
//! the `.sig` file and the public key in `tauri.conf.json` as base64 of the minisign file's
//! whole text; the updater reads the manifest's `signature` the same way. The hub keeps that
//! form and checks it decodes before it publishes anything, so a PC is never offered a
//! release its updater would refuse for a malformed signature.

use crate::error::Error;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use minisign_verify::{PublicKey, Signature};
use std::path::Path;

/// The longest signature or key text read from the command line or a file.
const MAX_TEXT_BYTES: usize = 16 * 1024;

/// A release's signature: the decoded minisign signature and its text in Tauri's form.
pub struct ReleaseSignature {
    signature: Signature,
    tauri_form: String,
}

impl std::fmt::Debug for ReleaseSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReleaseSignature")
            .field("tauri_form", &self.tauri_form)
            .finish_non_exhaustive()
    }
}

fn refused(code: &'static str, message: impl Into<String>) -> Error {
    Error::Rejected {
        code,
        message: message.into(),
    }
}

/// The value of `--signature` or `--pubkey`: a path to a file holding it, or the text itself.
fn text_or_file(given: &str, what: &str) -> Result<String, Error> {
    let path = Path::new(given.trim());
    if !given.trim().is_empty() && path.is_file() {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_TEXT_BYTES as u64 {
            return Err(refused(
                "release.invalid_signature",
                format!(
                    "Berkas {what} {} terlalu besar untuk sebuah {what}.",
                    path.display()
                ),
            ));
        }
        return std::fs::read_to_string(path).map_err(|e| Error::FileRead {
            path: path.to_path_buf(),
            detail: e.to_string(),
        });
    }
    Ok(given.to_owned())
}

/// The minisign text behind `text` and its Tauri form: `text` is base64 of it (Tauri's form,
/// kept as given), or the minisign text itself (then encoded).
fn minisign_text(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if text.starts_with("untrusted comment:") {
        return Some((text.to_owned(), STANDARD.encode(format!("{text}\n"))));
    }
    let compact: String = text.split_whitespace().collect();
    let bytes = STANDARD.decode(&compact).ok()?;
    Some((String::from_utf8(bytes).ok()?, compact))
}

impl ReleaseSignature {
    /// `--signature`: the `.sig` file Tauri's signer wrote (or its content), or the plain
    /// minisign signature text; kept in Tauri's form whichever was given.
    pub fn parse(given: &str) -> Result<ReleaseSignature, Error> {
        let malformed = || {
            refused(
                "release.invalid_signature",
                "Tanda tangan tidak dapat dibaca. Berikan berkas .sig buatan `tauri signer sign` \
                 (atau isinya): base64 dari berkas tanda tangan minisign.",
            )
        };
        let text = text_or_file(given, "tanda tangan")?;
        if text.len() > MAX_TEXT_BYTES {
            return Err(malformed());
        }
        let (plain, tauri_form) = minisign_text(&text).ok_or_else(malformed)?;
        let signature = Signature::decode(&plain).map_err(|_| malformed())?;
        Ok(ReleaseSignature {
            signature,
            tauri_form,
        })
    }

    /// The text the manifest carries: base64 of the minisign signature file.
    pub fn tauri_form(&self) -> &str {
        &self.tauri_form
    }

    /// Checks the signature over the file at `path` against `key`, reading it in pieces.
    pub fn verify_file(&self, key: &UpdaterKey, path: &Path) -> Result<(), Error> {
        use std::io::Read;
        let mismatch = || {
            refused(
                "release.signature_mismatch",
                "Tanda tangan tidak cocok dengan berkas ini untuk kunci publik yang diberikan. \
                 Tandatangani berkas ini dengan kunci updater yang dipasang di aplikasi.",
            )
        };
        let read_error = |e: std::io::Error| Error::FileRead {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        match key.0.verify_stream(&self.signature) {
            Ok(mut verifier) => {
                let mut file = std::fs::File::open(path).map_err(read_error)?;
                let mut buffer = vec![0u8; 64 * 1024];
                loop {
                    let read = file.read(&mut buffer).map_err(read_error)?;
                    if read == 0 {
                        break;
                    }
                    verifier.update(&buffer[..read]);
                }
                verifier.finalize().map_err(|_| mismatch())
            }
            // A signature of the whole file rather than its hash (minisign's legacy mode),
            // which Tauri's updater still accepts.
            Err(minisign_verify::Error::UnsupportedLegacyMode) => {
                let bytes = std::fs::read(path).map_err(read_error)?;
                key.0
                    .verify(&bytes, &self.signature, true)
                    .map_err(|_| mismatch())
            }
            Err(_) => Err(mismatch()),
        }
    }
}

/// The Tauri updater's public key (`--pubkey`), as `tauri.conf.json` holds it: base64 of the
/// minisign public key file. The file itself, its text, or its bare key line are taken too.
pub struct UpdaterKey(PublicKey);

impl UpdaterKey {
    pub fn parse(given: &str) -> Result<UpdaterKey, Error> {
        let malformed = || {
            refused(
                "release.invalid_pubkey",
                "Kunci publik tidak dapat dibaca. Berikan kunci updater seperti di tauri.conf.json \
                 (plugins.updater.pubkey): base64 dari berkas kunci publik minisign.",
            )
        };
        let text = text_or_file(given, "kunci publik")?;
        if text.len() > MAX_TEXT_BYTES {
            return Err(malformed());
        }
        let key = minisign_text(&text)
            .and_then(|(plain, _)| PublicKey::decode(&plain).ok())
            .or_else(|| PublicKey::from_base64(text.trim()).ok())
            .ok_or_else(malformed)?;
        Ok(UpdaterKey(key))
    }
}
