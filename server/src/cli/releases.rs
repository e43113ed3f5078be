//! `medsos-hub release add|list`: Diskominfo publishes a build of Medsos PD for the PCs'
//! updater, and sees what is published. Every check is made before anything is copied or
//! stored, so a refused release leaves the hub as it was.

use crate::clock::{show_wib, Clock, SystemClock};
use crate::error::Error;
use crate::release::files::ReleaseFiles;
use crate::release::signature::{ReleaseSignature, UpdaterKey};
use crate::release::{check_notes, file_name, parse_version, Target};
use crate::store::releases::{NewRelease, Release};
use std::path::Path;

/// What `release add` was given.
#[derive(Debug, Clone)]
pub struct AddOptions<'a> {
    pub version: &'a str,
    /// `<os>-<arch>`, e.g. `windows-x86_64`.
    pub target: &'a str,
    pub file: &'a Path,
    /// The `.sig` file, or its content.
    pub signature: &'a str,
    pub notes: &'a str,
    /// The updater's public key (as in tauri.conf.json); when given, the signature must verify.
    pub pubkey: Option<&'a str>,
}

fn refused(code: &'static str, message: String) -> Error {
    Error::Rejected { code, message }
}

/// Publishes one release: checks it, copies the file beside the database and stores it.
pub fn add(db: &Path, options: &AddOptions<'_>) -> Result<String, Error> {
    add_to(&super::Target::Sqlite(db.to_path_buf()), db, options)
}

/// [`add`] to the hub's store at `target`, its file kept in `releases/` beside `files_beside`
/// (the SQLite file, or with PostgreSQL the secret key file, as `serve` finds them).
pub fn add_to(
    store_at: &super::Target,
    files_beside: &Path,
    options: &AddOptions<'_>,
) -> Result<String, Error> {
    let version = parse_version(options.version)?;
    let target = Target::parse(options.target)?;
    let notes = check_notes(options.notes)?;
    let file = options.file;
    let metadata = std::fs::metadata(file).map_err(|_| {
        refused(
            "release.file_missing",
            format!("Berkas rilis {} tidak ditemukan.", file.display()),
        )
    })?;
    if !metadata.is_file() {
        return Err(refused(
            "release.file_missing",
            format!("{} bukan berkas.", file.display()),
        ));
    }
    if metadata.len() == 0 {
        return Err(refused(
            "release.file_empty",
            format!("Berkas rilis {} kosong.", file.display()),
        ));
    }
    let name = file_name(
        &file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )?;
    let signature = ReleaseSignature::parse(options.signature)?;
    if let Some(key) = options.pubkey {
        signature.verify_file(&UpdaterKey::parse(key)?, file)?;
    }
    let store = super::open_target_existing(store_at)?;
    let releases = store.releases();
    if releases.release_exists(&target.os, &target.arch, &version)? {
        return Err(Error::Conflict {
            code: "release.duplicate",
            message: format!(
                "Rilis {version} untuk {target} sudah ada. Terbitkan dengan versi baru."
            ),
        });
    }
    let files = ReleaseFiles::beside(files_beside);
    let staged = files.stage(file)?;
    let new = NewRelease {
        version,
        target: target.os.clone(),
        arch: target.arch.clone(),
        notes,
        signature: signature.tauri_form().to_owned(),
        file_name: name,
        sha256: staged.sha256.clone(),
        size: staged.size,
    };
    let mut staged = Some(staged);
    let mut placed = None;
    let stored = releases.add_release(&new, SystemClock.now(), &mut |id| {
        let target = files
            .path(id, &new.file_name)
            .ok_or_else(|| Error::Store("no folder for release files".to_owned()))?;
        match staged.take() {
            Some(staged) => {
                staged.place(&target)?;
                placed = Some(target);
                Ok(())
            }
            None => Err(Error::Store("release file placed twice".to_owned())),
        }
    });
    let stored = match stored {
        Ok(stored) => stored,
        Err(e) => {
            // Placed, then the transaction failed to commit: the file goes with the row.
            if let Some(path) = placed {
                let _ = std::fs::remove_file(path);
            }
            return Err(e);
        }
    };
    Ok(format!(
        "Rilis diterbitkan.\n{}",
        super::table(&header(), &[row(&stored)])
    ))
}

fn header() -> [String; 6] {
    ["ID", "VERSI", "TARGET", "UKURAN", "DITERBITKAN", "SHA-256"].map(str::to_owned)
}

fn row(release: &Release) -> [String; 6] {
    [
        release.id.to_string(),
        release.version.to_string(),
        format!("{}-{}", release.target, release.arch),
        format!("{} byte", release.size),
        show_wib(release.published_at),
        release.sha256.clone(),
    ]
}

/// Every release, newest first.
pub fn list(db: impl Into<super::Target>) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let releases = store.releases().releases()?;
    if releases.is_empty() {
        return Ok("Belum ada rilis. Terbitkan dengan `medsos-hub release add`.\n".to_owned());
    }
    let rows: Vec<[String; 6]> = releases.iter().map(row).collect();
    Ok(super::table(&header(), &rows))
}
