//! Where the agency's data lives: the OS's local app-data folder, or `MEDSOS_DATA_DIR` when
//! set (tests, the demo, and IT staff who keep data on another drive).
//!
//! - Windows: `%LOCALAPPDATA%\id.go.cianjurkab.medsospd` (`C:\Users\<user>\AppData\Local\...`),
//!   not the roaming folder, so a roaming profile does not carry the store and its photos
//!   from PC to PC. Earlier versions used `%APPDATA%` (Roaming); a store found there is moved
//!   once, by the window or the command line, whichever starts first ([`move_from_roaming`]).
//! - Linux: `~/.local/share/id.go.cianjurkab.medsospd` (`$XDG_DATA_HOME`), where the local
//!   and the roaming folder are one and nothing moves. macOS likewise.

use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime};

pub const DATA_DIR_ENV: &str = "MEDSOS_DATA_DIR";

/// The data folder for the window: `MEDSOS_DATA_DIR`, or the local app-data folder after
/// moving an old roaming store there.
pub fn resolve<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => {
            let local = app.path().app_local_data_dir()?;
            let roaming = app.path().app_data_dir().ok();
            Ok(settle(local, roaming))
        }
    }
}

/// The app's identifier in tauri.conf.json; the data folder is named after it.
pub const IDENTIFIER: &str = "id.go.cianjurkab.medsospd";

/// The data folder without a window: what [`resolve`] answers, for the command line.
pub fn resolve_without_app() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            let local = dirs::data_local_dir()?.join(IDENTIFIER);
            let roaming = dirs::data_dir().map(|d| d.join(IDENTIFIER));
            Some(settle(local, roaming))
        }
    }
}

/// The folder to use: `local`, after moving a store from `roaming` into it when that is
/// due. When the move fails the roaming folder stays as it was and is used this time; the
/// next start tries again. What happened is said on standard error (the command line shows
/// it; the window has no console).
fn settle(local: PathBuf, roaming: Option<PathBuf>) -> PathBuf {
    let Some(roaming) = roaming else {
        return local;
    };
    match move_from_roaming(&roaming, &local) {
        Ok(Moved::Nothing) => local,
        Ok(moved) => {
            eprintln!(
                "Data Medsos PD dipindahkan dari {} ke {} (folder data lokal, tidak ikut profil roaming).",
                roaming.display(),
                local.display()
            );
            if let Moved::CopiedLeftover(note) = moved {
                eprintln!("{note}");
            }
            local
        }
        Err(message) => {
            eprintln!("{message}");
            roaming
        }
    }
}

/// What [`move_from_roaming`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    /// No move was due: no store in the roaming folder, a store in the local one already,
    /// or both are the same folder (Linux, macOS).
    Nothing,
    /// The roaming folder was renamed to the local one.
    Renamed,
    /// Everything was copied and checked, and the roaming copy removed.
    Copied,
    /// Copied and checked, the roaming store removed, but some of the rest of the roaming
    /// folder could not be (the message says what); the local copy is complete.
    CopiedLeftover(String),
}

/// Moves the data folder `roaming` (the store, `media/`, whatever else is there) to `local`,
/// once: only when `local` holds no store and `roaming` does. A rename when it can (`local`
/// does not exist yet, same drive); otherwise copies everything, checks every file's size and
/// that the copied store opens, and only then removes the roaming copy. Nothing in `local`
/// is ever overwritten. On failure what was copied is removed again, the roaming folder is
/// left intact, and the error says so in Indonesian.
pub fn move_from_roaming(roaming: &Path, local: &Path) -> Result<Moved, String> {
    let store = medsos_core::store::STORE_FILE_NAME;
    if roaming == local || local.join(store).exists() || !roaming.join(store).is_file() {
        return Ok(Moved::Nothing);
    }
    let kept = format!(
        "Data tetap utuh di {} dan dipakai dari sana; pemindahan dicoba lagi saat Medsos PD dibuka berikutnya.",
        roaming.display()
    );
    let failed = |why: String| {
        format!(
            "Data Medsos PD belum dapat dipindahkan dari {} ke {}: {why}. {kept}",
            roaming.display(),
            local.display()
        )
    };
    let names =
        entry_names(roaming).map_err(|e| failed(format!("isi folder tidak terbaca ({e})")))?;
    let clashes: Vec<String> = names
        .iter()
        .filter(|name| local.join(name).symlink_metadata().is_ok())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    if !clashes.is_empty() {
        return Err(failed(format!(
            "di folder tujuan sudah ada {}, dan tidak ada yang ditimpa",
            clashes.join(", ")
        )));
    }
    if !local.exists() {
        if let Some(parent) = local.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                failed(format!(
                    "folder {} tidak dapat dibuat ({e})",
                    parent.display()
                ))
            })?;
        }
        // An encrypted store's key is kept under its path: the new path gets it first.
        carry_key(&roaming.join(store), &local.join(store)).map_err(failed)?;
        if std::fs::rename(roaming, local).is_ok() {
            forget_key(&roaming.join(store));
            return Ok(Moved::Renamed);
        }
    }
    let local_existed = local.exists();
    let mut copied: Vec<PathBuf> = Vec::new();
    let outcome = copy_and_check(roaming, local, &names, &mut copied).and_then(|()| {
        // The roaming store goes first: if it cannot (a program still holds it open),
        // nothing of the roaming folder is gone yet and the copy is taken back.
        std::fs::remove_file(roaming.join(store)).map_err(|e| {
            format!(
                "{} tidak dapat dihapus setelah disalin ({e}); masih dipakai program lain?",
                roaming.join(store).display()
            )
        })
    });
    if let Err(why) = outcome {
        for path in copied.iter().rev() {
            let _ = remove_any(path);
        }
        if !local_existed {
            let _ = std::fs::remove_dir(local);
        }
        return Err(failed(why));
    }
    forget_key(&roaming.join(store));
    match std::fs::remove_dir_all(roaming) {
        Ok(()) => Ok(Moved::Copied),
        Err(e) => Ok(Moved::CopiedLeftover(format!(
            "Sisa data lama di {} tidak dapat dihapus ({e}); salinannya di {} sudah lengkap, sisa itu boleh dihapus.",
            roaming.display(),
            local.display()
        ))),
    }
}

fn entry_names(dir: &Path) -> std::io::Result<Vec<std::ffi::OsString>> {
    std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name()))
        .collect()
}

/// Copies each of `names` from `from` to `to` (recording what it created in `copied`),
/// then checks sizes and that the copied store opens.
fn copy_and_check(
    from: &Path,
    to: &Path,
    names: &[std::ffi::OsString],
    copied: &mut Vec<PathBuf>,
) -> Result<(), String> {
    std::fs::create_dir_all(to)
        .map_err(|e| format!("folder {} tidak dapat dibuat ({e})", to.display()))?;
    for name in names {
        let target = to.join(name);
        copied.push(target.clone());
        copy_tree(&from.join(name), &target)
            .map_err(|e| format!("{} tidak dapat disalin ({e})", from.join(name).display()))?;
    }
    for name in names {
        same_sizes(&from.join(name), &to.join(name))?;
    }
    let store = to.join(medsos_core::store::STORE_FILE_NAME);
    carry_key(&from.join(medsos_core::store::STORE_FILE_NAME), &store)?;
    let opened = match medsos_core::keystore::load_store_key(&store) {
        Ok(Some(key)) if is_encrypted(&store) => medsos_core::Store::open_encrypted(&store, &key),
        // A plain store from an earlier version; it is encrypted when first opened.
        _ => medsos_core::Store::open(&store),
    };
    opened.map(drop).map_err(|e| {
        format!(
            "salinan basis data tidak dapat dibuka ({})",
            e.payload().message
        )
    })
}

/// The key entry of a store path that no longer holds a store (best effort: an entry left
/// behind holds a key to nothing).
fn forget_key(old_store: &Path) {
    let _ = medsos_core::keystore::delete_store_key(old_store);
}

fn is_encrypted(store: &Path) -> bool {
    matches!(
        medsos_core::store::file_kind(store),
        Ok(medsos_core::store::FileKind::Encrypted)
    )
}

/// Gives the store's new path the key of its old one, when it is encrypted (a plain store
/// from an earlier version has none yet).
fn carry_key(from: &Path, to: &Path) -> Result<(), String> {
    if !is_encrypted(from) {
        return Ok(());
    }
    match medsos_core::keystore::copy_store_key(from, to) {
        Ok(true) => Ok(()),
        Ok(false) => {
            Err("kunci penyimpanan data lama tidak ditemukan di brankas kredensial".into())
        }
        Err(e) => Err(format!(
            "kunci penyimpanan tidak dapat ikut dipindahkan ({e})"
        )),
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::metadata(from)?.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let name = entry?.file_name();
            copy_tree(&from.join(&name), &to.join(&name))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to).map(drop)
    }
}

fn same_sizes(from: &Path, to: &Path) -> Result<(), String> {
    let unreadable =
        |path: &Path, e: std::io::Error| format!("{} tidak dapat diperiksa ({e})", path.display());
    let meta = std::fs::metadata(from).map_err(|e| unreadable(from, e))?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(from).map_err(|e| unreadable(from, e))? {
            let name = entry.map_err(|e| unreadable(from, e))?.file_name();
            same_sizes(&from.join(&name), &to.join(&name))?;
        }
        return Ok(());
    }
    let copy = std::fs::metadata(to).map_err(|e| unreadable(to, e))?;
    if copy.len() == meta.len() {
        Ok(())
    } else {
        Err(format!(
            "ukuran salinan {} ({} bita) tidak sama dengan aslinya ({} bita)",
            to.display(),
            copy.len(),
            meta.len()
        ))
    }
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    if path.symlink_metadata()?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// The single-instance name for a data folder given by `MEDSOS_DATA_DIR`: the identifier
/// and a hash of the folder's path (D-Bus name elements may not start with a digit, hence
/// the `d`). `None` for the default folder, where the identifier alone is the name.
pub fn instance_id() -> Option<String> {
    let dir = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty())?;
    let dir = std::fs::canonicalize(&dir).unwrap_or_else(|_| PathBuf::from(dir));
    Some(format!(
        "{IDENTIFIER}.d{:016x}",
        fnv1a(dir.as_os_str().as_encoded_bytes())
    ))
}

/// FNV-1a, 64 bits: stable across runs and builds (unlike `DefaultHasher`), which is all a
/// name needs here.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_data_folder_gets_a_stable_valid_instance_name() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let a = format!("{}.d{:016x}", super::IDENTIFIER, super::fnv1a(b"/data/a"));
        let b = format!("{}.d{:016x}", super::IDENTIFIER, super::fnv1a(b"/data/b"));
        assert_ne!(a, b);
        // D-Bus: elements of letters, digits and '_', none starting with a digit.
        for element in a.split('.') {
            assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{a}");
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{a}"
            );
        }
    }

    use super::{move_from_roaming, Moved};
    use medsos_core::store::STORE_FILE_NAME;
    use std::path::Path;

    /// A roaming folder as an earlier version left it: a real store and a photo.
    fn old_roaming_folder(root: &Path) -> std::path::PathBuf {
        let roaming = root.join("Roaming").join(super::IDENTIFIER);
        std::fs::create_dir_all(roaming.join("media/ab")).unwrap();
        drop(medsos_core::Store::open(roaming.join(STORE_FILE_NAME)).unwrap());
        std::fs::write(roaming.join("media/ab/foto.jpg"), b"jpeg bytes").unwrap();
        roaming
    }

    fn assert_moved_intact(local: &Path, roaming: &Path) {
        assert!(!roaming.exists(), "the roaming copy is removed");
        assert_eq!(
            std::fs::read(local.join("media/ab/foto.jpg")).unwrap(),
            b"jpeg bytes"
        );
        medsos_core::Store::open(local.join(STORE_FILE_NAME)).expect("the moved store opens");
    }

    #[test]
    fn a_roaming_store_is_renamed_when_the_local_folder_is_new() {
        let root = tempfile::tempdir().unwrap();
        let roaming = old_roaming_folder(root.path());
        let local = root.path().join("Local").join(super::IDENTIFIER);
        assert_eq!(move_from_roaming(&roaming, &local), Ok(Moved::Renamed));
        assert_moved_intact(&local, &roaming);
        // Once: the next start finds the store in place and does nothing.
        assert_eq!(move_from_roaming(&roaming, &local), Ok(Moved::Nothing));
    }

    /// A store already encrypted in the roaming folder (an earlier move failed and the app
    /// ran from there): its key, kept under the roaming path, follows it, both ways of moving.
    /// Uses the real credential store (`cargo xtask test` provides one).
    #[test]
    fn keyring_an_encrypted_roaming_store_takes_its_key_along() {
        for webview_first in [false, true] {
            let root = tempfile::tempdir().unwrap();
            let roaming = root.path().join("Roaming").join(super::IDENTIFIER);
            let store = roaming.join(STORE_FILE_NAME);
            drop(
                medsos_core::Store::open_protected(&store).unwrap_or_else(|e| {
                    panic!("{e} (run under `cargo xtask test`, which starts a Secret Service)")
                }),
            );
            let local = root.path().join("Local").join(super::IDENTIFIER);
            if webview_first {
                std::fs::create_dir_all(local.join("EBWebView")).unwrap();
            }
            let moved = move_from_roaming(&roaming, &local).unwrap();
            assert_eq!(
                moved,
                if webview_first {
                    Moved::Copied
                } else {
                    Moved::Renamed
                }
            );
            let opened = medsos_core::Store::open_protected(local.join(STORE_FILE_NAME))
                .expect("the moved store opens with its key");
            drop(opened);
            let _ = medsos_core::keystore::delete_store_key(&store);
            let _ = medsos_core::keystore::delete_store_key(&local.join(STORE_FILE_NAME));
        }
    }

    #[test]
    fn a_roaming_store_is_copied_beside_what_the_local_folder_has() {
        let root = tempfile::tempdir().unwrap();
        let roaming = old_roaming_folder(root.path());
        // WebView2 keeps its own files in the local app folder before any store is there.
        let local = root.path().join("Local").join(super::IDENTIFIER);
        std::fs::create_dir_all(local.join("EBWebView")).unwrap();
        std::fs::write(local.join("EBWebView/prefs"), b"webview").unwrap();
        assert_eq!(move_from_roaming(&roaming, &local), Ok(Moved::Copied));
        assert_moved_intact(&local, &roaming);
        assert_eq!(
            std::fs::read(local.join("EBWebView/prefs")).unwrap(),
            b"webview"
        );
    }

    #[test]
    fn nothing_moves_when_there_is_nothing_to_move_or_a_local_store_exists() {
        let root = tempfile::tempdir().unwrap();
        let local = root.path().join("Local").join(super::IDENTIFIER);
        // No roaming folder at all, and a roaming folder without a store.
        let empty = root.path().join("Roaming").join(super::IDENTIFIER);
        assert_eq!(move_from_roaming(&empty, &local), Ok(Moved::Nothing));
        std::fs::create_dir_all(&empty).unwrap();
        assert_eq!(move_from_roaming(&empty, &local), Ok(Moved::Nothing));
        assert!(!local.exists());
        // Both have a store: the local one is the one in use; neither is touched.
        let roaming = old_roaming_folder(root.path());
        std::fs::create_dir_all(&local).unwrap();
        std::fs::write(local.join(STORE_FILE_NAME), b"local store").unwrap();
        assert_eq!(move_from_roaming(&roaming, &local), Ok(Moved::Nothing));
        assert_eq!(
            std::fs::read(local.join(STORE_FILE_NAME)).unwrap(),
            b"local store"
        );
        assert!(roaming.join(STORE_FILE_NAME).is_file());
        // Linux and macOS: one folder.
        assert_eq!(move_from_roaming(&roaming, &roaming), Ok(Moved::Nothing));
    }

    #[test]
    fn nothing_is_overwritten_and_the_roaming_data_stays() {
        let root = tempfile::tempdir().unwrap();
        let roaming = old_roaming_folder(root.path());
        let local = root.path().join("Local").join(super::IDENTIFIER);
        std::fs::create_dir_all(local.join("media")).unwrap();
        std::fs::write(local.join("media/lain.jpg"), b"other").unwrap();
        let error = move_from_roaming(&roaming, &local).unwrap_err();
        assert!(error.contains("tidak ada yang ditimpa"), "{error}");
        assert!(error.contains("Data tetap utuh"), "{error}");
        assert!(roaming.join(STORE_FILE_NAME).is_file());
        assert_eq!(
            std::fs::read(roaming.join("media/ab/foto.jpg")).unwrap(),
            b"jpeg bytes"
        );
        assert_eq!(
            std::fs::read(local.join("media/lain.jpg")).unwrap(),
            b"other"
        );
        assert!(!local.join(STORE_FILE_NAME).exists());
    }

    #[test]
    fn a_copy_that_does_not_open_is_taken_back_and_the_roaming_data_stays() {
        let root = tempfile::tempdir().unwrap();
        let roaming = root.path().join("Roaming").join(super::IDENTIFIER);
        std::fs::create_dir_all(roaming.join("media")).unwrap();
        std::fs::write(roaming.join(STORE_FILE_NAME), b"not a database at all").unwrap();
        std::fs::write(roaming.join("media/foto.jpg"), b"jpeg").unwrap();
        let local = root.path().join("Local").join(super::IDENTIFIER);
        std::fs::create_dir_all(local.join("EBWebView")).unwrap();
        let error = move_from_roaming(&roaming, &local).unwrap_err();
        assert!(error.contains("belum dapat dipindahkan"), "{error}");
        assert_eq!(
            std::fs::read(roaming.join(STORE_FILE_NAME)).unwrap(),
            b"not a database at all"
        );
        assert_eq!(
            std::fs::read(roaming.join("media/foto.jpg")).unwrap(),
            b"jpeg"
        );
        let left: Vec<_> = std::fs::read_dir(&local)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("EBWebView")]);
    }

    #[test]
    fn the_identifier_matches_tauri_conf() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
        assert_eq!(conf["identifier"], super::IDENTIFIER);
    }
}
